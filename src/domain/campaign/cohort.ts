import { CITIZEN_STATUSES } from '../citizen/state';
import type { Text } from '../text';

/**
 * The facts a campaign's cohort (and the citizen list) can filter on, declared once: each is a column of
 * the citizen-status read model, and the domain type, the request DTOs, their OpenAPI description and the
 * CLI's `--filter` are derived from here. `internal` filters are the kinds' own, not offered to callers.
 */
/** The statuses a list can be filtered on: the transition's, and the holders whose personal data was erased. */
const LISTED_STATUSES = [...CITIZEN_STATUSES, 'forgotten'] as const;

export const COHORT_FILTERS = {
  status: {
    kind: 'status',
    values: LISTED_STATUSES,
    description: "the citizen's status in the transition, or forgotten (personal data erased)",
    label: { da: 'Status i overgangen', en: 'Status in the transition' },
    internal: false,
  },
  needsInfoUpdate: {
    kind: 'boolean',
    description: 'the registration lacks a verified photo ID: must update personal information',
    label: { da: 'Skal opdatere oplysninger (mangler kontrolleret billed-ID)', en: 'Must update information (no verified photo ID)' },
    internal: false,
  },
  danishPassport: { kind: 'boolean', description: 'holds a Danish passport', label: { da: 'Har dansk pas', en: 'Holds a Danish passport' }, internal: false },
  digitalPostExempt: {
    kind: 'boolean',
    description: 'exempt from Digital Post: letters go on paper',
    label: { da: 'Fritaget for Digital Post (breve på papir)', en: 'Exempt from Digital Post (letters on paper)' },
    internal: false,
  },
  residesAbroad: { kind: 'boolean', description: 'lives abroad', label: { da: 'Bor i udlandet', en: 'Lives abroad' }, internal: false },
  addressProtected: {
    kind: 'boolean',
    description: 'name and address protection',
    label: { da: 'Navne- og adressebeskyttelse', en: 'Name and address protection' },
    internal: false,
  },
  hasMitId: { kind: 'boolean', description: 'has created a MitID', label: { da: 'Har oprettet MitID', en: 'Has created a MitID' }, internal: false },
  nemIdActive: {
    kind: 'boolean',
    description: 'holds a NemID that still works',
    label: { da: 'Har et NemID, der virker', en: 'Holds a NemID that works' },
    internal: true,
  },
} as const satisfies Record<string, { kind: string; values?: readonly string[]; description: string; label: Text; internal: boolean }>;

export type CohortFilterName = keyof typeof COHORT_FILTERS;
type BooleanFilterName = { [K in CohortFilterName]: (typeof COHORT_FILTERS)[K]['kind'] extends 'boolean' ? K : never }[CohortFilterName];

/** Equality filters on the citizen-status read model: a renamed column is a compile error, not a run-time one. */
export type CohortFilter = { status?: (typeof LISTED_STATUSES)[number] } & { [K in BooleanFilterName]?: boolean };

/** The filters callers may set (HTTP, CLI); the kinds add their own. */
export const PUBLIC_COHORT_FILTERS = (Object.keys(COHORT_FILTERS) as CohortFilterName[]).filter((name) => !COHORT_FILTERS[name].internal);
