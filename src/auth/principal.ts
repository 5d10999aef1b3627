import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { validate as isUuid } from 'uuid';
import type { CommandContext } from '../event-sourcing/command-handler';
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

/** Metadata for the events a request appends: the role the route is called in, the token's subject, and the caller's correlation id if it is a UUID. */
export function commandContextOf(principal: Principal, role: Role, correlationHeader?: string): CommandContext {
  return {
    actor: { role, subject: principal.subject },
    correlationId: correlationHeader && isUuid(correlationHeader) ? correlationHeader : randomUUID(),
  };
}
