import { SetMetadata } from '@nestjs/common';

/**
 * Who may call what. `agency`: population, schedule, campaigns. `citizen-service`: desk actions.
 * `support`: read a citizen's status, lists and timeline (with a reason). `citizen`: their own data.
 */
export const ROLES = ['agency', 'citizen-service', 'support', 'citizen'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const ROLES_KEY = 'overgang:roles';
export const PUBLIC_KEY = 'overgang:public';

/** The roles allowed to call a route. A route without this (or `@Public()`) is refused to everyone. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/** Operational endpoints without personal data (health, metrics): no token needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
