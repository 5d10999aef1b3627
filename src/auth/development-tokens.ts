import { SignJWT } from 'jose';
import { Role } from './roles';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "90s", "30m", "8h", "2d" in seconds; undefined for anything else. */
export function parseTimeToLive(text: string): number | undefined {
  const match = /^(\d{1,6})(s|m|h|d)$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]] : undefined;
}

export interface DevelopmentTokenRequest {
  roles: Role[];
  subject: string;
  ttlSeconds: number;
  issuer?: string;
  audience?: string;
  /** When the token was issued (default now); tests set it in the past for an expired token. */
  issuedAt?: Date;
}

/** An HS256 token as the service accepts in development and tests (the `token` CLI and the e2e tests mint these). */
export async function mintDevelopmentToken(secret: Uint8Array, request: DevelopmentTokenRequest): Promise<string> {
  const issuedAt = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
  let jwt = new SignJWT({ roles: request.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + request.ttlSeconds);
  if (request.issuer) jwt = jwt.setIssuer(request.issuer);
  if (request.audience) jwt = jwt.setAudience(request.audience);
  return jwt.sign(secret);
}
