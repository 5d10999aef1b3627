import type { Milestone } from './report';
import type { VisitReason } from './behaviour';

/** The report's pages: Danish first, English one click away. */
export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each page's file, and the link to the other language at its top. */
export const PAGE: Record<Language, string> = { da: 'index.html', en: 'index.en.html' };

const EN = {
  otherLanguage: 'Dansk',
  reportTitle: (schedule: string, citizens: number, seed: number) => `Overgang simulation: ${schedule}, ${citizens} holders, seed ${seed}`,
  reportHeading: 'The transition, simulated',
  reportIntro: (schedule: string, deadline: string, shutdown: string, citizens: number, seed: number, from: string, to: string) =>
    `Schedule ${schedule} (deadline ${deadline}, NemID shut down after ${shutdown}), ${citizens} generated NemID holders (seed ${seed}), ${from} to ${to}, every day run with the real campaigns, scheduler and delivery.`,
  summary: 'Summary',
  holdersImported: 'Holders imported',
  withMitIdAtDeadline: 'With MitID at the deadline',
  withMitIdAtShutdown: 'With MitID at the shutdown',
  stillOnNemId: (share: string, n: number) => `${share} (${n} still on NemID)`,
  lettersSent: 'Letters and notices sent',
  infoUpdated: 'Information updated',
  mitIdsCreated: 'MitIDs created',
  nemIdsRetired: 'NemIDs retired',
  visits: 'Citizen Service visits',
  queueLabel: 'Citizen Service: longest queue, longest wait, mean wait',
  queueValue: (people: number, longest: number, mean: number) => `${people} people, ${longest} working days, ${mean} working days`,
  gaveUp: 'Citizen Service: gave up on a long wait (until the next letter)',
  againstReported: "Simulated against reported (the calibration's targets)",
  figure: 'figure',
  reported: 'reported',
  simulated: 'simulated',
  difference: 'difference',
  source: 'source',
  points: (n: string) => `${n} points`,
  atEachDeadline: 'At each deadline',
  date: 'date',
  withMitId: 'with MitID',
  stillOnNemIdColumn: 'still on NemID',
  longestQueueBefore: 'Citizen Service in the 8 weeks before: longest queue',
  meanWaitBefore: 'mean wait, working days',
  whoNeedsAVisit: 'Who needs a visit to Citizen Service',
  why: 'why',
  holders: 'holders',
  lettersByKind: 'Letters by kind',
  kind: 'kind',
  sent: 'sent',
  refused: 'What the rules refused the model',
  rule: 'rule',
  times: 'times',
  parameters: 'Parameters',
  parameter: 'parameter',
  value: 'value',
  fitted: (used: string, file: string, declared: string) => `${used} (fitted, ${file}; declared ${declared})`,
  chartAdoption: 'Share of NemID holders with MitID, per week (points: reported figures)',
  chartLetters: 'Letters and notices sent per week, by kind',
  chartRetired: 'NemIDs retired per week',
  chartCitizenService: 'Citizen Service: people waiting at the end of the week, and the mean wait of those served (working days)',
  axisWithMitId: 'with MitID',
  axisLetters: 'letters',
  axisRetired: 'retired',
  axisWaiting: 'waiting',
  axisMeanWait: 'mean wait (working days)',
  milestone: (m: Pick<Milestone, 'what' | 'schedule'>) =>
    m.what === 'shutdown' ? 'NemID shut down' : `${m.what === 'moved-deadline' ? 'moved deadline' : 'deadline'}${m.schedule ? ` of ${m.schedule}` : ''}`,
  visitReason: {
    'exempt-from-digital-post': 'exempt from Digital Post',
    'no-danish-passport': 'no Danish passport',
    'cannot-do-it-alone': 'cannot do it alone',
  } as Record<VisitReason, string>,
  bandsTitle: (schedule: string, runs: number) => `Overgang simulation: ${schedule}, ${runs} runs`,
  bandsHeading: (runs: number) => `The transition, simulated ${runs} times`,
  bandsIntro: (schedule: string, citizens: number, seeds: string, scaleTo: number) =>
    `Schedule ${schedule}, ${citizens} generated holders, seeds ${seeds}. Each figure: the median of the runs, and in brackets the 10th to the 90th percentile. Counts are stated for ${scaleTo} holders (the sample's counts times ${scaleTo} / ${citizens}).`,
  forHolders: (n: number) => `For ${n} holders`,
  band: 'median (10th to 90th percentile)',
  bandValue: (p50: string, p10: string, p90: string) => `${p50} (${p10} to ${p90})`,
  seed: (n: number) => `seed ${n}`,
  chartBandAdoption: (runs: number) => `Share with MitID: median of ${runs} runs, band 10th-90th percentile (points: reported figures)`,
  chartBandWait: 'Citizen Service: mean wait of those served, working days (median, 10th-90th percentile)',
  chartBandQueue: (holders: number) => `Citizen Service: people waiting at the end of the week, for ${holders} holders (median, 10th-90th percentile)`,
  compareTitle: (names: string) => `Overgang: ${names}`,
  against: ' against ',
  compareIntro:
    'The same generated population and seed under each schedule: the state at each deadline either schedule had, and Citizen Service in the eight weeks before it.',
  inFull: (name: string) => `${name} in full`,
  deadline: 'deadline',
  withMitIdOn: (on: string) => `with MitID on ${on}`,
  stillOnNemIdOn: (on: string) => `still on NemID on ${on}`,
  queueBeforeOn: (on: string) => `Citizen Service, 8 weeks before ${on}: longest queue`,
  waitBeforeOn: (on: string) => `Citizen Service, 8 weeks before ${on}: mean wait, working days`,
  longestWait: 'Citizen Service: longest wait, working days',
  gaveUpShort: 'Citizen Service: gave up on a long wait',
  lettersSentShort: 'letters sent',
  chartCompareWait: 'Citizen Service: mean wait of those served per week, working days (dashed: the deadlines)',
  chartCompareQueue: 'Citizen Service: people waiting at the end of each week (dashed: the deadlines)',
  chartCompareAdoption: 'Share with MitID per week (dashed: the deadlines)',
};

export type Texts = { [K in keyof typeof EN]: (typeof EN)[K] };

const DA: Texts = {
  otherLanguage: 'English',
  reportTitle: (schedule, citizens, seed) => `Overgang-simulering: ${schedule}, ${citizens} indehavere, frø ${seed}`,
  reportHeading: 'Overgangen, simuleret',
  reportIntro: (schedule, deadline, shutdown, citizens, seed, from, to) =>
    `Tidsplan ${schedule} (frist ${deadline}, NemID lukket efter ${shutdown}), ${citizens} genererede NemID-indehavere (frø ${seed}), ${from} til ${to}, hver dag kørt med de rigtige kampagner, den rigtige planlægning og udsendelse.`,
  summary: 'Overblik',
  holdersImported: 'Indehavere importeret',
  withMitIdAtDeadline: 'Med MitID ved fristen',
  withMitIdAtShutdown: 'Med MitID ved lukningen',
  stillOnNemId: (share, n) => `${share} (${n} stadig på NemID)`,
  lettersSent: 'Breve og meddelelser sendt',
  infoUpdated: 'Oplysninger opdateret',
  mitIdsCreated: 'MitID oprettet',
  nemIdsRetired: 'NemID udfaset',
  visits: 'Besøg i Borgerservice',
  queueLabel: 'Borgerservice: længste kø, længste ventetid, gennemsnitlig ventetid',
  queueValue: (people, longest, mean) => `${people} personer, ${longest} arbejdsdage, ${mean} arbejdsdage`,
  gaveUp: 'Borgerservice: opgav ved lang ventetid (indtil næste brev)',
  againstReported: 'Simuleret mod rapporteret (kalibreringens mål)',
  figure: 'tal',
  reported: 'rapporteret',
  simulated: 'simuleret',
  difference: 'forskel',
  source: 'kilde',
  points: (n) => `${n} point`,
  atEachDeadline: 'Ved hver frist',
  date: 'dato',
  withMitId: 'med MitID',
  stillOnNemIdColumn: 'stadig på NemID',
  longestQueueBefore: 'Borgerservice i de 8 uger før: længste kø',
  meanWaitBefore: 'gennemsnitlig ventetid, arbejdsdage',
  whoNeedsAVisit: 'Hvem skal i Borgerservice',
  why: 'hvorfor',
  holders: 'indehavere',
  lettersByKind: 'Breve efter slags',
  kind: 'slags',
  sent: 'sendt',
  refused: 'Hvad reglerne afviste',
  rule: 'regel',
  times: 'gange',
  parameters: 'Parametre',
  parameter: 'parameter',
  value: 'værdi',
  fitted: (used, file, declared) => `${used} (kalibreret, ${file}; erklæret ${declared})`,
  chartAdoption: 'Andel af NemID-indehavere med MitID, pr. uge (punkter: rapporterede tal)',
  chartLetters: 'Breve og meddelelser sendt pr. uge, efter slags',
  chartRetired: 'NemID udfaset pr. uge',
  chartCitizenService: 'Borgerservice: ventende ved ugens slutning og gennemsnitlig ventetid for de betjente (arbejdsdage)',
  axisWithMitId: 'med MitID',
  axisLetters: 'breve',
  axisRetired: 'udfaset',
  axisWaiting: 'ventende',
  axisMeanWait: 'gns. ventetid (arbejdsdage)',
  milestone: (m) =>
    m.what === 'shutdown' ? 'NemID lukket' : `${m.what === 'moved-deadline' ? 'flyttet frist' : 'frist'}${m.schedule ? ` i ${m.schedule}` : ''}`,
  visitReason: { 'exempt-from-digital-post': 'fritaget for Digital Post', 'no-danish-passport': 'intet dansk pas', 'cannot-do-it-alone': 'kan ikke selv' },
  bandsTitle: (schedule, runs) => `Overgang-simulering: ${schedule}, ${runs} kørsler`,
  bandsHeading: (runs) => `Overgangen, simuleret ${runs} gange`,
  bandsIntro: (schedule, citizens, seeds, scaleTo) =>
    `Tidsplan ${schedule}, ${citizens} genererede indehavere, frø ${seeds}. Hvert tal: medianen af kørslerne og i parentes 10. til 90. percentil. Antal er opgjort for ${scaleTo} indehavere (stikprøvens antal gange ${scaleTo} / ${citizens}).`,
  forHolders: (n) => `For ${n} indehavere`,
  band: 'median (10. til 90. percentil)',
  bandValue: (p50, p10, p90) => `${p50} (${p10} til ${p90})`,
  seed: (n) => `frø ${n}`,
  chartBandAdoption: (runs) => `Andel med MitID: median af ${runs} kørsler, bånd 10.-90. percentil (punkter: rapporterede tal)`,
  chartBandWait: 'Borgerservice: gennemsnitlig ventetid for de betjente, arbejdsdage (median, 10.-90. percentil)',
  chartBandQueue: (holders) => `Borgerservice: ventende ved ugens slutning, for ${holders} indehavere (median, 10.-90. percentil)`,
  compareTitle: (names) => `Overgang: ${names}`,
  against: ' mod ',
  compareIntro:
    'Samme genererede befolkning og frø under hver tidsplan: tilstanden ved hver frist, som en af tidsplanerne havde, og Borgerservice i de otte uger før.',
  inFull: (name) => `${name} i fuld længde`,
  deadline: 'frist',
  withMitIdOn: (on) => `med MitID ${on}`,
  stillOnNemIdOn: (on) => `stadig på NemID ${on}`,
  queueBeforeOn: (on) => `Borgerservice, 8 uger før ${on}: længste kø`,
  waitBeforeOn: (on) => `Borgerservice, 8 uger før ${on}: gennemsnitlig ventetid, arbejdsdage`,
  longestWait: 'Borgerservice: længste ventetid, arbejdsdage',
  gaveUpShort: 'Borgerservice: opgav ved lang ventetid',
  lettersSentShort: 'breve sendt',
  chartCompareWait: 'Borgerservice: gennemsnitlig ventetid for de betjente pr. uge, arbejdsdage (stiplet: fristerne)',
  chartCompareQueue: 'Borgerservice: ventende ved hver uges slutning (stiplet: fristerne)',
  chartCompareAdoption: 'Andel med MitID pr. uge (stiplet: fristerne)',
};

export const TEXT: Record<Language, Texts> = { da: DA, en: EN };

/** The link at the top of each page to the same page in the other language. */
export const languageLink = (language: Language) => {
  const other = language === 'da' ? 'en' : 'da';
  return `<p><a href="${PAGE[other]}" hreflang="${other}" lang="${other}">${TEXT[language].otherLanguage}</a></p>`;
};

/** Where the pages are, as the commands print it. */
export const reportLine = (out: string) => `report: ${out}/${PAGE.da} (English: ${out}/${PAGE.en})`;

/** A share as a percentage with one decimal, in the language's notation (92,9 % in Danish). */
export const percentIn = (language: Language) => {
  const format = new Intl.NumberFormat(language === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (share: number) => `${format.format(share * 100)} %`;
};
