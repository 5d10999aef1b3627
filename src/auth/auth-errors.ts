import { HttpException, HttpStatus } from '@nestjs/common';

/** No token, or one that cannot be trusted: HTTP 401 with `WWW-Authenticate: Bearer` (RFC 6750). */
export class AuthenticationFailed extends HttpException {
  constructor(
    readonly reason: string,
    readonly bearerError: 'invalid_request' | 'invalid_token' | undefined,
  ) {
    super(reason, HttpStatus.UNAUTHORIZED);
  }

  get challenge(): string {
    return this.bearerError ? `Bearer realm="overgang", error="${this.bearerError}", error_description="${this.reason}"` : 'Bearer realm="overgang"';
  }
}

/** A valid token whose roles do not include one the route allows: HTTP 403. */
export class AccessDenied extends HttpException {
  constructor(readonly reason: string) {
    super(reason, HttpStatus.FORBIDDEN);
  }
}
