import { mintDevelopmentToken } from '../../src/auth/development-tokens';
import { Role } from '../../src/auth/roles';

/** The HS256 secret every e2e app is started with (AUTH_JWT_SECRET). */
export const TEST_TOKEN_SECRET = 'e2e-token-secret-that-is-long-enough-for-hs256';
const secret = new TextEncoder().encode(TEST_TOKEN_SECRET);

/** The default subject per role in the e2e tests (a citizen's subject is their citizenId). */
export const TEST_SUBJECTS: Record<Exclude<Role, 'citizen'>, string> = {
  agency: 'agency-planner-1',
  'citizen-service': 'desk-clerk-1',
  support: 'support-agent-1',
};

export function tokenFor(role: Role, subject: string, options: { ttlSeconds?: number; issuedAt?: Date; secret?: Uint8Array } = {}): Promise<string> {
  return mintDevelopmentToken(options.secret ?? secret, { roles: [role], subject, ttlSeconds: options.ttlSeconds ?? 3600, issuedAt: options.issuedAt });
}

/** Why a support agent opens a record in the tests (status and timeline need one). */
export const SUPPORT_REASON = 'reason=Citizen%20called%20about%20a%20letter';
