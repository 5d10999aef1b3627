import { randomUUID } from 'node:crypto';
import { validate as isUuid } from 'uuid';
import type { Principal } from '../auth/principal';
import type { Role } from '../domain/roles';
import type { CommandContext } from './command-handler';

/** Metadata for the events a request appends: the role the route is called in, the token's subject, and the caller's correlation id if it is a UUID. */
export function commandContextOf(principal: Principal, role: Role, correlationHeader?: string): CommandContext {
  return {
    actor: { role, subject: principal.subject },
    correlationId: correlationHeader && isUuid(correlationHeader) ? correlationHeader : randomUUID(),
  };
}
