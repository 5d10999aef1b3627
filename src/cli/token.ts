import { Command, InvalidArgumentError } from 'commander';
import { mintDevelopmentToken, parseTimeToLive } from '../auth/development-tokens';
import { ROLES, Role, isRole } from '../auth/roles';
import { loadTokenSecret } from '../auth/token-secret';
import { validateEnvironment } from '../config/environment';
import { parseCpr } from '../domain/cpr';
import { loadPersonalDataKeys } from '../personal-data/keys';
import { CITIZEN_ID_PATTERN, PersonalDataProtector } from '../personal-data/personal-data-protector';
import { UsageError } from './shared';
import { printOutcome } from './output';

const role = (value: string): Role => {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value;
};
const timeToLive = (value: string): number => {
  const seconds = parseTimeToLive(value);
  if (seconds === undefined) throw new InvalidArgumentError('must be a number with s, m, h or d, e.g. 8h');
  return seconds;
};

/** Mints a development token the service (with the same DATA_DIR or AUTH_JWT_SECRET) accepts; prints only the token. */
async function mintToken(options: { role: Role; sub?: string; cpr?: string; ttl: number }): Promise<void> {
  const environment = validateEnvironment(process.env);
  if (environment.AUTH_JWKS_URL) throw new UsageError('AUTH_JWKS_URL is set: tokens come from the identity provider, not from this command');
  if (options.role === 'citizen' ? (options.sub === undefined) === (options.cpr === undefined) : options.sub === undefined) {
    throw new UsageError(
      options.role === 'citizen' ? 'a citizen token needs --sub <citizenId> or --cpr <cpr-number>, not both' : '--sub <subject> is required',
    );
  }
  if (options.cpr !== undefined && options.role !== 'citizen') throw new UsageError('--cpr is for citizen tokens only');
  let subject = options.sub!;
  if (options.role === 'citizen' && options.cpr !== undefined) {
    const parsed = parseCpr(options.cpr);
    if (!parsed.ok) throw new UsageError(`--cpr ${parsed.reason.en}`);
    const keys = loadPersonalDataKeys(environment, { production: environment.NODE_ENV === 'production', dataDir: environment.DATA_DIR, warn: () => undefined });
    subject = new PersonalDataProtector(keys).citizenIdFor(parsed.cpr.digits);
  } else if (options.role === 'citizen' && !CITIZEN_ID_PATTERN.test(subject)) {
    throw new UsageError('--sub for a citizen must be their 32-character citizenId');
  }
  const secret = loadTokenSecret(environment.AUTH_JWT_SECRET, { dataDir: environment.DATA_DIR });
  const token = await mintDevelopmentToken(secret, {
    roles: [options.role],
    subject,
    ttlSeconds: options.ttl,
    issuer: environment.AUTH_ISSUER,
    audience: environment.AUTH_AUDIENCE,
  });
  printOutcome({ token, role: options.role, subject, expiresInSeconds: options.ttl }, token);
}

export function tokenCommand(program: Command): void {
  program
    .command('token')
    .description('mint a development bearer token (HS256, the secret in AUTH_JWT_SECRET or DATA_DIR); prints the token only')
    .requiredOption('--role <role>', ROLES.join(', '), role)
    .option('--sub <subject>', "the caller's id (a citizen's is their citizenId)")
    .option('--cpr <cpr-number>', 'citizen tokens: the citizenId is derived from this CPR number (it is not put in the token)')
    .option('--ttl <span>', 'time to live: 30m, 8h, 2d', timeToLive, 8 * 3600)
    .action(mintToken);
}
