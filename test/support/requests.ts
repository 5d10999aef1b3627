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
