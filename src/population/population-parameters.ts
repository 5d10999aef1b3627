/**
 * Every figure the synthetic population is drawn from, with where it comes from: a figure from
 * docs/facts.md says so; anything else is marked as an assumption, with why it is what it is.
 */
export interface Share {
  value: number;
  source: string;
}

export const POPULATION_PARAMETERS = {
  nemIdHolders: {
    value: 5_400_000,
    source: 'docs/facts.md: 5.2-5.4 million NemID users in total (sources differ); the national import size',
  },
  asOf: {
    value: '2021-08-01',
    source: 'assumption: the register as it stood before the update-info letters of October 2021 (docs/facts.md), when the simulation starts',
  },
  nemIdLaunched: {
    value: '2010-07-01',
    source: 'assumption: NemID replaced the digital signature in mid-2010; no holder has an earlier issue date',
  },
  ageBands: {
    // Thousands of people per five-year band from 15 (the last band is 95 to 100).
    value: [330, 380, 400, 350, 330, 360, 400, 410, 400, 350, 330, 320, 230, 140, 75, 35, 10],
    source:
      'assumption: the shape of the Danish population aged 15-100 around 2021 (many in their 20s and 50s, few over 85), rounded; docs/facts.md has no age figures',
  },
  needsInfoUpdate: {
    value: 0.1,
    source:
      'assumption: the share of registrations below NSIS substantial (no verified photo ID). docs/facts.md: the number of update-info letters sent in October 2021 was not found in public sources',
  },
  passportNone: {
    value: 0.12,
    source:
      'assumption: docs/facts.md says the number of holders without a Danish passport was not found; about one in eight adults is a foreign national or never had one',
  },
  passportChipFrom2012: {
    value: 0.8,
    source:
      'assumption: Danish passports last ten years, so most passports held in 2021 were chip passports issued from 2012; the rest of the Danish passports are older or expired',
  },
  digitalPostExempt: {
    value: 0.068,
    source: 'docs/facts.md: about 6.6-7 % of people over 15 were exempt from Digital Post in 2022-2023 (Jyllands-Posten)',
  },
  residesAbroad: {
    value: 0.0037,
    source:
      'docs/facts.md: fewer than 20 000 people living abroad were affected by the NemID shutdown for banking (The Local, 2022-10-28): 20 000 of 5.4 million',
  },
  addressProtected: {
    value: 0.015,
    source: 'assumption: name and address protection is rare; docs/facts.md has no figure',
  },
  partiallySighted: {
    value: 0.01,
    source: 'assumption: docs/facts.md has no figure for holders with a large-font code card',
  },
  blind: {
    value: 0.002,
    source: 'assumption: docs/facts.md has no figure for holders with NemID with voice response',
  },
  codeApp: {
    value: 0.33,
    source: 'assumption: docs/facts.md has no figure for code app users; the app was popular but the code card remained the default',
  },
  keyFob: {
    value: 0.02,
    source: 'assumption: docs/facts.md has no figure for key fob users; the fob was sold as an extra',
  },
  cprIssuedFrom2007: {
    value: 0.08,
    source:
      'assumption: holders born before 2007-10-01 who got their CPR number on arrival in Denmark after that date; docs/facts.md: such numbers may fail modulus 11',
  },
} as const satisfies Record<string, { value: unknown; source: string }>;
