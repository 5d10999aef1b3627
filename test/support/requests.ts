/** A desk request that satisfies every rule; tests override what they are about. */
export const issueNemIdBody = (overrides: Record<string, unknown> = {}) => ({
  cpr: '070761-4285',
  documents: [{ kind: 'passport', showsCpr: true, issuingCountry: 'DK' }],
  securityQuestions: 'passed',
  danishCitizen: true,
  residesAbroad: false,
  digitalPostExempt: false,
  addressProtected: false,
  visualImpairment: 'none',
  ...overrides,
});

export const TWO_NON_PHOTO_IDS = [
  { kind: 'person-certificate', showsCpr: true },
  { kind: 'health-insurance-card', showsCpr: true },
];

/** Why the tests open a record: the citizen reads it in their access log. */
export const OPENING_REASON = 'Citizen called about a letter';

/** Opens a citizen's record as support (or the desk) would: status and timeline, one opening recorded. */
export const openRecord = (
  agent: { post: (path: string) => { send: (body: object) => import('supertest').Test } },
  citizenId: string,
  reason = OPENING_REASON,
) => agent.post(`/api/v1/citizens/${citizenId}/openings`).send({ reason });
