/**
 * Every figure the citizen behaviour model is drawn from, with where it comes from: a figure from
 * docs/facts.md says so; anything else is marked as an assumption, with why it is what it is. An
 * assumption with `fit` is one the calibration may move, within those bounds, to match the reported
 * figures (targets.ts); the fitted values live in simulation/calibrated.json, which `simulate` reads.
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
    fit: [0.5, 0.95],
    source: "assumption: most act within the 30 days of their bank's notice; fitted to the share with MitID on 2022-05-02 (docs/facts.md)",
  },
  neverActs: {
    value: 0.015,
    source: 'assumption: docs/facts.md has 98 % of people over 15 migrated by October 2023, so at most a few per cent never act',
  },
  actsAfterReminder: {
    value: 0.3,
    fit: [0.05, 0.6],
    source: 'assumption: each deadline reminder moves some of those still waiting; docs/facts.md has no figure',
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
    fit: [0.002, 0.03],
    source: 'assumption: someone past their 30 days acts on any given day with a small chance, letters or not',
  },
  leavesItToTheDeadline: {
    value: 0.6,
    fit: [0.2, 0.95],
    source:
      'assumption: of those who did not act when told, this share means to act before the deadline, in its last weeks; docs/facts.md: the deadline moved because of the pressure, so it moved people',
  },
  daysBeforeDeadline: {
    value: 21,
    source: 'assumption: someone leaving it to the deadline acts on average three weeks before it (a geometric spread: many in its last days)',
  },
  daysAfterDeadline: {
    value: 60,
    fit: [10, 240],
    source:
      'assumption: someone with a Danish passport still on NemID when it stops for their bank at the deadline acts within about this many days (a geometric spread); docs/facts.md: 98 % had moved by October 2023',
  },
  nfcPhone: {
    value: 0.75,
    source: 'assumption: docs/facts.md says the code-app update needs an NFC phone (not a tablet); most adults had one in 2021',
  },
  needsHelpUnder65: {
    value: 0.05,
    fit: [0.01, 0.15],
    source:
      'assumption: under 65, few cannot create MitID themselves (no smartphone); docs/facts.md: up to 15 % of the population needed help (Jyllands-Posten, March 2022), up to 1 million a visit (B.T., February 2022)',
  },
  needsHelp65to79: {
    value: 0.2,
    source: 'assumption: between 65 and 79 one in five has no smartphone that can hold the MitID app, and goes to Citizen Service',
  },
  needsHelpOver80: {
    value: 0.5,
    source: 'assumption: from 80, half need someone to set MitID up with them (docs/facts.md: 10 % of people over 65 had been exempt from NemID itself)',
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
    fit: [0.5, 0.98],
    source: 'assumption: docs/facts.md has 98 % migrated by October 2023; most of those told to keep NemID moved by then',
  },
  noPassportMovesEarly: {
    value: 0.5,
    fit: [0, 0.9],
    source:
      'assumption: of those without a Danish passport who move, this share did not wait for 2023 but went to Citizen Service with other ID when their bank told them (docs/facts.md: up to 1 million might need a visit, "no Danish passport, no smartphone", B.T., February 2022)',
  },
  citizenServicePer100kLarge: {
    value: 136,
    source:
      "docs/facts.md: Aalborg's Citizen Service served up to 300 people a day (B.T., February 2022); Aalborg's about 220 000 inhabitants (assumption, not in docs/facts.md) give 136 per 100 000 per weekday, taken for every municipality of more than 100 000",
  },
  citizenServiceSmallerDesks: {
    value: 0.85,
    fit: [0.5, 1.2],
    source:
      'assumption: a municipality under 100 000 has a smaller desk per inhabitant than Aalborg (docs/facts.md: Frederikssund, about 46 000, had its first free slot 2 weeks out in March 2022); this factor times the large rate',
  },
  largeMunicipalities: {
    value: 0.36,
    source:
      'assumption: about a third of Danes live in the ten municipalities of more than 100 000 (docs/facts.md: 98 municipalities, each with its own Citizen Service)',
  },
  otherDeskWorkFrom: {
    value: '2022-03-14',
    source:
      'docs/facts.md: the deadline moved because of pressure on Citizen Service from refugees from Ukraine, new passport rules and a referendum (B.T.); the refugees came from mid-March 2022',
  },
  otherDeskWorkUntil: {
    value: '2022-06-30',
    source: 'assumption: the referendum (June 2022) and the first wave of refugees had passed by the end of June 2022',
  },
  otherDeskWorkShare: {
    value: 0.3,
    fit: [0, 0.6],
    source: "assumption: the share of the desks' capacity the other work took in that period; docs/facts.md names the causes, not their size",
  },
  visitFails: {
    value: 0.1,
    source: 'assumption: one visit in ten ends without MitID (a missing document, a forgotten phone) and the person books again',
  },
  daysToComeBack: {
    value: 7,
    source: 'assumption: someone whose visit failed books again within a week',
  },
  patienceWorkingDays: {
    value: 10,
    source: "assumption: someone offered a first free slot more than two weeks out may give up; docs/facts.md: Frederikssund's target was 5 working days",
  },
  givesUp: {
    value: 0.3,
    fit: [0, 0.8],
    source: "assumption: of those offered a slot beyond their patience, this share gives up until the next letter (or the deadline's last weeks)",
  },
} as const satisfies Record<string, { value: number | string; source: string; fit?: readonly [number, number] }>;

export type ParameterName = keyof typeof SIMULATION_PARAMETERS;

/** The values a run uses: the declared ones, with the calibrated ones (or a file's) over them. */
export type ParameterValues = { [K in ParameterName]: (typeof SIMULATION_PARAMETERS)[K]['value'] extends number ? number : string };

/** The parameters the calibration may move, with their bounds. */
export const FITTED_PARAMETERS = Object.entries(SIMULATION_PARAMETERS).flatMap(([name, p]) =>
  'fit' in p ? [{ name: name as ParameterName, min: p.fit[0], max: p.fit[1] }] : [],
);

export const DECLARED_VALUES = Object.fromEntries(Object.entries(SIMULATION_PARAMETERS).map(([name, p]) => [name, p.value])) as ParameterValues;

export class ParametersRefused extends Error {}

/** Values over the declared ones; only fitted parameters, each a number within its bounds, or one line saying why not. */
export function withValues(values: Record<string, unknown>, origin: string): ParameterValues {
  const merged: Record<string, unknown> = { ...DECLARED_VALUES };
  for (const [name, value] of Object.entries(values)) {
    const fitted = FITTED_PARAMETERS.find((p) => p.name === name);
    if (!fitted) throw new ParametersRefused(`${origin}: ${name} is not a parameter the calibration fits`);
    if (typeof value !== 'number' || !(value >= fitted.min && value <= fitted.max))
      throw new ParametersRefused(`${origin}: ${name} must be a number from ${fitted.min} to ${fitted.max}`);
    merged[name] = value;
  }
  return merged as ParameterValues;
}
