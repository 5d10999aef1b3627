import type { IsoDate } from '../domain/dates';

/** What a finished run can be asked, from its events and its Citizen Service queue. */
export interface RunMeasures {
  /** Holders with MitID at the end of `day`, over all holders. */
  shareOn(day: IsoDate): number;
  /** MitIDs created from `from` to `to` (inclusive), over all holders. */
  createdBetween(from: IsoDate, to: IsoDate): number;
  /** The mean wait, in working days, of the visits served from `from` to `to`. */
  meanWaitBetween(from: IsoDate, to: IsoDate): number;
  /** Holders who cannot move through the bank or the app for want of help (not of a passport), over all holders. */
  needingHelpShare: number;
}

export interface Target {
  /** In English (it names the figure in report.json too), and in Danish for the Danish page. */
  figure: string;
  da: string;
  /** The date the figure is about: a run that does not reach it has no value for it. */
  on: IsoDate;
  real: number;
  unit: 'share' | 'working days';
  source: string;
  /** A difference of one `tolerance` costs one unit in the calibration's sum of squares. */
  tolerance: number;
  measure: (run: RunMeasures) => number;
}

const shareWithMitId = (on: IsoDate, millions: number, of: number, source: string): Target => ({
  figure: `share of holders with MitID on ${on}`,
  da: `andel af indehavere med MitID ${on}`,
  on,
  real: millions / of,
  unit: 'share',
  source,
  tolerance: 0.01,
  measure: (run) => run.shareOn(on),
});

/**
 * The figures reported while it happened (docs/facts.md), each with how a run measures it: the calibration
 * fits to them, the report puts each beside the simulated value. The shares are over the ~5.0 million who
 * needed MitID in May 2022.
 */
export const TARGETS: Target[] = [
  shareWithMitId('2022-05-02', 3.4, 5.0, 'docs/facts.md: ~3.4 of ~5.0 million had MitID when the deadline moved (agency press release)'),
  shareWithMitId('2022-09-22', 4.5, 5.0, 'docs/facts.md: more than 4.5 million had MitID when it became the default public login (agency press release)'),
  shareWithMitId('2022-10-31', 4.7, 5.0, 'docs/facts.md: 4.7 million had MitID on 2022-10-27, when NemID was about to stop for online banking (Politiken)'),
  shareWithMitId('2023-10-31', 0.98, 1, 'docs/facts.md: 98 % of people over 15 had migrated by October 2023'),
  {
    figure: 'new MitIDs in the week to 2022-05-02, share of holders',
    da: 'nye MitID i ugen op til 2022-05-02, andel af indehavere',
    on: '2022-05-02',
    real: 150_000 / 5_000_000,
    unit: 'share',
    source: 'docs/facts.md: about 150 000 new MitID users each week in early May 2022 (agency press release)',
    tolerance: 0.005,
    measure: (run) => run.createdBetween('2022-04-25', '2022-05-01'),
  },
  {
    figure: 'mean wait at Citizen Service in March 2022, working days',
    da: 'gennemsnitlig ventetid i Borgerservice i marts 2022, arbejdsdage',
    on: '2022-03-31',
    real: 10,
    unit: 'working days',
    source:
      "docs/facts.md: in Frederikssund the first free slot was 2 weeks out (10 working days) against a target of 5 (council answer, 2022-03-02); Aalborg's was weeks ahead (B.T.)",
    tolerance: 2,
    measure: (run) => run.meanWaitBetween('2022-03-01', '2022-03-31'),
  },
  {
    figure: 'share of holders who need help to move (besides those without a Danish passport)',
    da: 'andel af indehavere, der skal have hjælp til at skifte (ud over dem uden dansk pas)',
    on: '2021-08-01',
    real: 0.15,
    unit: 'share',
    source:
      'docs/facts.md: up to 15 % of the population needed help to move (Jyllands-Posten, March 2022); those without a Danish passport, told to keep NemID, are counted apart (B.T.: up to 1 million a visit, both together)',
    tolerance: 0.02,
    measure: (run) => run.needingHelpShare,
  },
];

/** The dates of the reported shares, for the adoption chart's points. */
export const REPORTED_SHARES = TARGETS.filter((t) => t.figure.startsWith('share of holders with MitID')).map((t) => ({ date: t.on, share: t.real }));

/** Citizen Service's own target for the first free slot (docs/facts.md: Frederikssund, 2022). */
export const SERVICE_TARGET_WORKING_DAYS = 5;

/** A figure's name in a language (the English one is its name in report.json). */
export const figureIn = (figure: string, language: 'da' | 'en') => (language === 'en' ? figure : (TARGETS.find((t) => t.figure === figure)?.da ?? figure));

export interface TargetRow {
  figure: string;
  source: string;
  unit: Target['unit'];
  real: number;
  simulated: number;
  difference: number;
}

/** A figure as the commands print it: a share as a percentage, a wait with one decimal. */
export const formatFigure = (unit: Target['unit'], n: number) => (unit === 'share' ? `${(n * 100).toFixed(1)} %` : n.toFixed(1));

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Each target a run reaches, beside what the run measured. */
export function againstTargets(run: RunMeasures, from: IsoDate, to: IsoDate): TargetRow[] {
  return TARGETS.filter((t) => t.on >= from && t.on <= to).map((t) => {
    const simulated = round(t.measure(run));
    return { figure: t.figure, source: t.source, unit: t.unit, real: round(t.real), simulated, difference: round(simulated - t.real) };
  });
}

/** The calibration's objective: the sum of squared differences, each in units of its target's tolerance. */
export function misfit(rows: TargetRow[]): number {
  return rows.reduce((sum, row) => sum + (row.difference / TARGETS.find((t) => t.figure === row.figure)!.tolerance) ** 2, 0);
}
