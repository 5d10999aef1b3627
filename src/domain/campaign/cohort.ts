import { CITIZEN_STATUSES, CitizenStatus } from '../citizen/state';

/**
 * The facts a campaign's cohort (and the citizen list) can filter on, declared once: each is a column of
 * the citizen-status read model, and the domain type, the request DTOs, their OpenAPI description and the
 * CLI's `--filter` are derived from here. `internal` filters are the kinds' own, not offered to callers.
 */
export const COHORT_FILTERS = {
  status: { kind: 'status', values: CITIZEN_STATUSES, description: "the citizen's status in the transition", internal: false },
  needsInfoUpdate: { kind: 'boolean', description: 'the registration lacks a verified photo ID: must update personal information', internal: false },
  danishPassport: { kind: 'boolean', description: 'holds a Danish passport', internal: false },
  digitalPostExempt: { kind: 'boolean', description: 'exempt from Digital Post: letters go on paper', internal: false },
  residesAbroad: { kind: 'boolean', description: 'lives abroad', internal: false },
  addressProtected: { kind: 'boolean', description: 'name and address protection', internal: false },
  hasMitId: { kind: 'boolean', description: 'has created a MitID', internal: false },
  nemIdActive: { kind: 'boolean', description: 'holds a NemID that still works', internal: true },
} as const;

export type CohortFilterName = keyof typeof COHORT_FILTERS;
type BooleanFilterName = { [K in CohortFilterName]: (typeof COHORT_FILTERS)[K]['kind'] extends 'boolean' ? K : never }[CohortFilterName];

/** Equality filters on the citizen-status read model: a renamed column is a compile error, not a run-time one. */
export type CohortFilter = { status?: CitizenStatus } & { [K in BooleanFilterName]?: boolean };

/** The filters callers may set (HTTP, CLI); the kinds add their own. */
export const PUBLIC_COHORT_FILTERS = (Object.keys(COHORT_FILTERS) as CohortFilterName[]).filter((name) => !COHORT_FILTERS[name].internal);
