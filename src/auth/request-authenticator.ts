import { Injectable } from '@nestjs/common';
import { AuthenticationFailed } from './auth-errors';
import { AuthenticatedRequest, Principal } from './principal';
import { TokenVerifier } from './token-verifier';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Who sent a request, verified once per request: the rate limiter needs the caller before the
 * auth guard runs (so a flood of bad tokens is limited too) and the guard needs the same answer.
 */
@Injectable()
export class RequestAuthenticator {
  private readonly verified = new WeakMap<object, Promise<Principal>>();

  constructor(private readonly verifier: TokenVerifier) {}

  /** The caller's principal; AuthenticationFailed (401) when there is no usable bearer token. */
  principalOf(request: AuthenticatedRequest): Promise<Principal> {
    let principal = this.verified.get(request);
    if (!principal) {
      principal = this.verify(request.headers.authorization);
      this.verified.set(request, principal);
    }
    return principal;
  }

  private async verify(header: string | undefined): Promise<Principal> {
    if (!header) throw new AuthenticationFailed('a bearer token is required', undefined);
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new AuthenticationFailed('the Authorization header must be "Bearer <token>"', 'invalid_request');
    return this.verifier.verify(token);
  }
}
