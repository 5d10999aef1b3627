import { HttpException, HttpStatus } from '@nestjs/common';
import { CarriesProblem, ProblemDetails, problemType } from '../problem';

/** No token, or one that cannot be trusted: HTTP 401 with `WWW-Authenticate: Bearer` (RFC 6750). */
export class AuthenticationFailed extends HttpException implements CarriesProblem {
  constructor(
    readonly reason: string,
    readonly bearerError: 'invalid_request' | 'invalid_token' | undefined,
  ) {
    super(reason, HttpStatus.UNAUTHORIZED);
  }

  problem(): ProblemDetails {
    return { type: problemType('unauthenticated'), title: 'Unauthenticated', status: 401, detail: this.reason };
  }

  /** RFC 6750: a 401 says how to authenticate, and why the token was refused. */
  headers(): Record<string, string> {
    const challenge = this.bearerError ? `Bearer realm="overgang", error="${this.bearerError}", error_description="${this.reason}"` : 'Bearer realm="overgang"';
    return { 'WWW-Authenticate': challenge };
  }
}

/** A valid token whose roles do not include one the route allows: HTTP 403. */
export class AccessDenied extends HttpException implements CarriesProblem {
  constructor(readonly reason: string) {
    super(reason, HttpStatus.FORBIDDEN);
  }

  problem(): ProblemDetails {
    return { type: problemType('forbidden'), title: 'Forbidden', status: 403, detail: this.reason };
  }
}
