import { Injectable } from '@nestjs/common';
import { AccessDenied, AuthenticationFailed } from './auth-errors';
import { AuthenticatedRequest, Principal } from './principal';
import { PAGE_REQUEST_HEADER, sentByPage, sessionTokenOf } from './session-cookie';
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

  /**
   * The caller's principal, from the Authorization header or else the pages' session cookie;
   * AuthenticationFailed (401) when there is no usable token.
   */
  principalOf(request: AuthenticatedRequest): Promise<Principal> {
    let principal = this.verified.get(request);
    if (!principal) {
      principal = this.verify(request);
      this.verified.set(request, principal);
    }
    return principal;
  }

  private async verify(request: AuthenticatedRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (!header) {
      const session = sessionTokenOf(request);
      if (session === undefined) throw new AuthenticationFailed({ da: 'der kræves et bearer-token', en: 'a bearer token is required' }, undefined);
      const principal = await this.verifier.verify(session);
      if (!sentByPage(request)) {
        throw new AccessDenied({
          da: `en ændring med sessionens cookie skal komme fra siderne (headeren ${PAGE_REQUEST_HEADER})`,
          en: `a change made with the session cookie must come from the pages (the ${PAGE_REQUEST_HEADER} header)`,
        });
      }
      return principal;
    }
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw new AuthenticationFailed(
        { da: 'headeren Authorization skal være "Bearer <token>"', en: 'the Authorization header must be "Bearer <token>"' },
        'invalid_request',
      );
    return this.verifier.verify(token);
  }
}
