import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Metrics } from '../metrics/metrics';
import { AccessDenied, AuthenticationFailed } from './auth-errors';
import { AuthenticatedRequest } from './principal';
import { PUBLIC_KEY, ROLES_KEY, Role } from './roles';
import { RequestAuthenticator } from './request-authenticator';
import { ROLE_NAMES } from './roles';

/** Every route is refused unless it is `@Public()` or the caller's verified token has one of its `@Roles(...)`. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
    private readonly metrics: Metrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    try {
      const principal = await this.authenticator.principalOf(request);
      request.principal = principal;
      const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
      if (!allowed)
        throw new AccessDenied({
          da: 'denne adresse angiver ingen rolle, så den afvises for alle',
          en: 'this endpoint declares no role, so it is refused to everyone',
        });
      if (!principal.roles.some((role) => allowed.includes(role))) {
        throw new AccessDenied({
          da: `det kræver rollen ${allowed.map((role) => ROLE_NAMES[role].da).join(' eller ')}`,
          en: `this needs the role ${allowed.join(' or ')}`,
        });
      }
      return true;
    } catch (error) {
      if (error instanceof AuthenticationFailed || error instanceof AccessDenied) {
        this.metrics.authRefusals.inc({ status: String(error.getStatus()) });
        this.logger.debug({ reqId: request.id, status: error.getStatus(), reason: error.message }, 'request refused');
      }
      throw error;
    }
  }
}
