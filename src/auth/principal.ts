import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Role } from './roles';

/** Who is calling, from a verified token. `citizenId` is set for citizens only. */
export interface Principal {
  subject: string;
  roles: Role[];
  citizenId?: string;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** The verified caller of a route that declares `@Roles(...)`; the guard has set it. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without @Roles');
  return principal;
});
