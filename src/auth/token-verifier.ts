import { KeyObject, createSecretKey } from 'node:crypto';
import { JWTPayload, JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { CITIZEN_ID_PATTERN } from '../personal-data/personal-data-protector';
import { parseCpr } from '../domain/cpr';
import { AuthenticationFailed, IdentityProviderUnavailable } from './auth-errors';
import { Principal } from './principal';
import { Role, isRole } from './roles';

export interface TokenVerifierSettings {
  /** HS256 shared secret (development and tests). */
  secret?: Uint8Array;
  /** RS256/ES256 keys published by the identity provider (production). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  rolesClaim: string;
  /** A claim holding the citizen's CPR number, as an identity broker may send it; hashed at once, never kept. */
  citizenCprClaim?: string;
}

/** Turns a CPR number into the citizenId (the keyed hash): the verifier holds no keys of its own. */
export type CitizenIdOf = (cprDigits: string) => string;

const CLOCK_TOLERANCE_SECONDS = 30;
/** Tokens kept verified: about as many as callers active in a minute, a few MB at most. */
const VERIFIED_TOKENS = 20_000;
/** How long a verified token is trusted without checking its signature again: a key the provider withdraws stops counting within it. */
const VERIFIED_FOR_MS = 60_000;

/** Why a token is refused, in words safe to send back (never the token or its claims). */
function refusal(error: unknown): AuthenticationFailed {
  if (error instanceof errors.JWTExpired) return new AuthenticationFailed({ da: 'tokenet er udløbet', en: 'the token has expired' }, 'invalid_token');
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new AuthenticationFailed({ da: 'tokenets signatur er ikke gyldig', en: 'the token signature is not valid' }, 'invalid_token');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthenticationFailed(
      { da: 'tokenet er signeret med en algoritme, tjenesten ikke godtager', en: 'the token is signed with an algorithm this service does not accept' },
      'invalid_token',
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthenticationFailed(
      { da: `tokenets claim ${error.claim} godtages ikke`, en: `the token's ${error.claim} claim is not accepted` },
      'invalid_token',
    );
  }
  return new AuthenticationFailed({ da: 'tokenet er ikke et gyldigt JWT', en: 'the token is not a valid JWT' }, 'invalid_token');
}

function rolesIn(value: unknown): Role[] {
  const listed = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return listed.filter(isRole);
}

/** Verifies bearer tokens (signature, expiry, issuer, audience) and reads who is calling. */
export class TokenVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly algorithms: string[];
  /**
   * Tokens already verified, by their exact text, with when they expire: a caller sends the same token with
   * every request, and checking its signature costs more than the rest of the authentication.
   */
  private readonly verified = new LRUCache<string, { principal: Principal; expiresAt: number }>({ max: VERIFIED_TOKENS, ttl: VERIFIED_FOR_MS });

  constructor(
    private readonly settings: TokenVerifierSettings,
    private readonly citizenIdOf: CitizenIdOf,
  ) {
    if (settings.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.algorithms = ['RS256', 'ES256'];
    } else if (settings.secret) {
      // Made once: given the bytes, jose would make this key again for every token.
      this.key = createSecretKey(settings.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('TokenVerifier needs a JWKS URL or a secret');
    }
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return known.principal;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as JWTVerifyGetKey, {
        algorithms: this.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      // With a JWKS URL, a key set that cannot be fetched (a network error, a timeout, a non-200
      // answer, which jose throws as a plain JOSEError) or read is the provider's fault, not the caller's.
      const keysUnavailable =
        !(error instanceof errors.JOSEError) ||
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid ||
        error.constructor === errors.JOSEError;
      if (this.settings.jwksUrl && keysUnavailable) {
        throw new IdentityProviderUnavailable();
      }
      throw refusal(error);
    }
    const roles = Object.freeze(rolesIn(payload[this.settings.rolesClaim])) as Role[];
    const principal = Object.freeze({ subject: payload.sub!, roles, citizenId: roles.includes('citizen') ? this.citizenIdIn(payload) : undefined });
    // jose refuses a token once exp is further behind than the tolerance; so does the kept one.
    this.verified.set(token, { principal, expiresAt: (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000 });
    return principal;
  }

  private citizenIdIn(payload: JWTPayload): string | undefined {
    const claim = this.settings.citizenCprClaim ? payload[this.settings.citizenCprClaim] : undefined;
    if (claim !== undefined) {
      const parsed = parseCpr(claim);
      return parsed.ok ? this.citizenIdOf(parsed.cpr.digits) : undefined;
    }
    return CITIZEN_ID_PATTERN.test(payload.sub!) ? payload.sub : undefined;
  }
}
