import { HttpException, HttpStatus } from '@nestjs/common';
import { Text } from '../domain/text';
import { CarriesProblem, Problem, TITLES, problemType } from '../http/problem';

/** No token, or one that cannot be trusted: HTTP 401 with `WWW-Authenticate: Bearer` (RFC 6750). */
export class AuthenticationFailed extends HttpException implements CarriesProblem {
  constructor(
    readonly reason: Text,
    readonly bearerError: 'invalid_request' | 'invalid_token' | undefined,
  ) {
    super(reason.en, HttpStatus.UNAUTHORIZED);
  }

  problem(): Problem {
    return { type: problemType('unauthenticated'), title: TITLES[401], status: 401, detail: this.reason };
  }

  /** RFC 6750: a 401 says how to authenticate, and why the token was refused (in English: a header is ASCII). */
  headers(): Record<string, string> {
    const challenge = this.bearerError
      ? `Bearer realm="overgang", error="${this.bearerError}", error_description="${this.reason.en}"`
      : 'Bearer realm="overgang"';
    return { 'WWW-Authenticate': challenge };
  }
}

/** A valid token whose roles do not include one the route allows: HTTP 403. */
export class AccessDenied extends HttpException implements CarriesProblem {
  constructor(readonly reason: Text) {
    super(reason.en, HttpStatus.FORBIDDEN);
  }

  problem(): Problem {
    return { type: problemType('forbidden'), title: TITLES[403], status: 403, detail: this.reason };
  }
}

/** The identity provider's keys cannot be fetched: no token can be checked until they can. */
export class IdentityProviderUnavailable extends Error implements CarriesProblem {
  constructor() {
    super('the identity provider keys could not be fetched; try again');
  }

  problem(): Problem {
    return {
      type: problemType('identity-provider-unavailable'),
      title: TITLES[503],
      status: 503,
      detail: { da: 'identitetsudbyderens nøgler kunne ikke hentes; prøv igen', en: 'the identity provider keys could not be fetched; try again' },
    };
  }
}
