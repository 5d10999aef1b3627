/**
 * Every figure the citizen behaviour model is drawn from, with where it comes from: a figure from
 * docs/facts.md says so; anything else is marked as an assumption, with why it is what it is.
 * The population itself is drawn from POPULATION_PARAMETERS.
 */
export const SIMULATION_PARAMETERS = {
  updateInfoLettersOn: {
    value: '2021-10-04',
    source: 'docs/facts.md: users were told by Digital Post in early October 2021 to update their information; the first Monday of October',
  },
  bankWavesFrom: {
    value: '2021-10-04',
    source: 'docs/facts.md: MitID launched in October 2021 and the first NemID users moved then, bank by bank',
  },
  bankWavesUntil: {
    value: '2022-04-30',
    source:
      'assumption: the banks told their customers in waves until every one had been told; docs/facts.md has ~3.4 of 5.0 million with MitID on 2022-05-02, so most had been told by then',
  },
  daysToAct: {
    value: 30,
    source: 'docs/facts.md: each user was told "when it is your turn", with 30 days (extendable) after the notice',
  },
  actsWhenTold: {
    value: 0.8,
    source: 'assumption: most act within the 30 days; calibrated so the simulated share near 2022-05-02 comes close to 3.4 of 5.0 million (docs/facts.md)',
  },
  neverActs: {
    value: 0.015,
    source: 'assumption: docs/facts.md has 98 % of people over 15 migrated by October 2023, so at most a few per cent never act',
  },
  actsAfterReminder: {
    value: 0.3,
    source: 'assumption: each deadline reminder moves about a third of those still waiting; docs/facts.md has no figure',
  },
  actsAfterFinalWarning: {
    value: 0.55,
    source: 'assumption: the final warning, a day before NemID stops for banking, moves more than a reminder; docs/facts.md has no figure',
  },
  daysToReactToNotice: {
    value: 10,
    source: 'assumption: someone moved by a letter acts within about ten days of it',
  },
  lateDailyChance: {
    value: 0.008,
    source: 'assumption: someone past their 30 days acts on any given day with a small chance, letters or not (about half within three months)',
  },
  nfcPhone: {
    value: 0.75,
    source: 'assumption: docs/facts.md says the code-app update needs an NFC phone (not a tablet); most adults had one in 2021',
  },
  daysToUpdateInfo: {
    value: 21,
    source: 'assumption: people update their information within three weeks of the letter, evenly spread',
  },
  paperPostDays: {
    value: 2,
    source: 'assumption: a paper letter arrives two days after Digital Post would have',
  },
  noPassportMitIdFrom: {
    value: '2023-01-02',
    source:
      'assumption: docs/facts.md says people without a Danish passport keep NemID "for the time being"; the 98 % by October 2023 means most of them got MitID at Citizen Service during 2023',
  },
  noPassportGetsMitId: {
    value: 0.8,
    source: 'assumption: docs/facts.md has 98 % migrated by October 2023; most of those told to keep NemID moved during 2023',
  },
  citizenServiceVisitsPerDayPer100k: {
    value: 200,
    source:
      'assumption: Citizen Service desks across the country, scaled to the population (per 100 000 holders, per weekday); docs/facts.md names the pressure on them in spring 2022 but no capacity',
  },
} as const satisfies Record<string, { value: number | string; source: string }>;
