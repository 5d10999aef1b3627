import type { Text } from './text';

/**
 * Who may call what. `agency`: population, schedule, campaigns. `citizen-service`: desk actions.
 * `support`: read a citizen's status, lists and timeline (with a reason). `citizen`: their own data.
 */
export const ROLES = ['agency', 'citizen-service', 'support', 'citizen'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** The roles as people read them, on the pages and in refusals. */
export const ROLE_NAMES: Record<Role, Text> = {
  agency: { da: 'Digitaliseringsstyrelsen', en: 'Agency for Digital Government' },
  'citizen-service': { da: 'Borgerservice', en: 'Citizen Service' },
  support: { da: 'Support', en: 'Support' },
  citizen: { da: 'Borger', en: 'Citizen' },
};
