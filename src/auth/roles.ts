import { SetMetadata } from '@nestjs/common';

import type { Role } from '../domain/roles';

export { ROLES, ROLE_NAMES, isRole } from '../domain/roles';
export type { Role } from '../domain/roles';

export const ROLES_KEY = 'overgang:roles';
export const PUBLIC_KEY = 'overgang:public';

/** The roles allowed to call a route. A route without this (or `@Public()`) is refused to everyone. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/** Operational endpoints without personal data (health, metrics): no token needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
