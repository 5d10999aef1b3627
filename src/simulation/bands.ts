import type { IsoDate } from '../domain/dates';
import type { MilestoneKind, SimulationReport } from './report';
import type { TargetRow } from './targets';

/** The 10th, 50th and 90th percentile of a figure over the runs. */
export interface Band {
  p10: number;
  p50: number;
  p90: number;
}

export interface BandsReport {
  runs: number;
  seeds: number[];
  citizens: number;
  schedule: string;
  /** The population the figures are stated for: the sample's counts times scaleTo / citizens. */
  scaleTo: number;
  weeks: { week: IsoDate; mitIdShare: Band; citizenServiceQueue: Band; citizenServiceMeanWaitDays: Band }[];
  calibration: { figure: string; source: string; unit: TargetRow['unit']; real: number; simulated: Band }[];
  /** Counts, scaled to `scaleTo` holders. */
  nation: Record<string, Band>;
  milestones: { date: IsoDate; what: MilestoneKind; schedule?: string; mitIdShare: Band; stillOnNemId: Band; peakQueueBefore: Band; meanWaitBefore: Band }[];
}

/** The counts stated for the nation: each named in English (its name in bands.json) and in Danish. */
const NATION_FIGURES: { en: string; da: string; count: (r: SimulationReport) => number }[] = [
  { en: 'still on NemID at the deadline', da: 'stadig på NemID ved fristen', count: (r) => r.atDeadline.stillOnNemId },
  { en: 'still on NemID at the shutdown', da: 'stadig på NemID ved lukningen', count: (r) => r.atShutdown.stillOnNemId },
  { en: 'letters and notices sent', da: 'breve og meddelelser sendt', count: (r) => r.totals.lettersAll },
  { en: 'MitIDs created', da: 'MitID oprettet', count: (r) => r.totals.mitIdsCreated },
  { en: 'Citizen Service visits', da: 'besøg i Borgerservice', count: (r) => r.citizenService.visits },
  { en: 'Citizen Service: longest queue', da: 'Borgerservice: længste kø', count: (r) => r.citizenService.peakQueue },
  { en: 'Citizen Service: gave up on a long wait', da: 'Borgerservice: opgav ved lang ventetid', count: (r) => r.citizenService.gaveUp },
];

export const NATION_TEXT: Record<string, { da: string; en: string }> = Object.fromEntries(NATION_FIGURES.map((f) => [f.en, f]));

/** Linear between the closest ranks, as a spreadsheet's PERCENTILE does. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function bandOf(values: number[], digits = 4): Band {
  return { p10: round(percentile(values, 0.1), digits), p50: round(percentile(values, 0.5), digits), p90: round(percentile(values, 0.9), digits) };
}

/** The runs of one schedule on one population size with K seeds, as bands; counts stated for `scaleTo` holders. */
export function bandsOf(reports: SimulationReport[], scaleTo: number): BandsReport {
  const [first] = reports;
  const citizens = first.parameters.citizens;
  const scale = scaleTo / citizens;
  const counted = (pick: (r: SimulationReport) => number) =>
    bandOf(
      reports.map((r) => pick(r) * scale),
      0,
    );
  return {
    runs: reports.length,
    seeds: reports.map((r) => r.parameters.seed),
    citizens,
    schedule: first.parameters.schedule,
    scaleTo,
    weeks: first.weeks.map((w, i) => ({
      week: w.week,
      mitIdShare: bandOf(reports.map((r) => r.weeks[i].mitIdShare)),
      citizenServiceQueue: bandOf(
        reports.map((r) => r.weeks[i].citizenServiceQueue * scale),
        0,
      ),
      citizenServiceMeanWaitDays: bandOf(
        reports.map((r) => r.weeks[i].citizenServiceMeanWaitDays),
        2,
      ),
    })),
    calibration: first.calibration.map((row, i) => ({
      figure: row.figure,
      source: row.source,
      unit: row.unit,
      real: row.real,
      simulated: bandOf(reports.map((r) => r.calibration[i].simulated)),
    })),
    nation: Object.fromEntries(NATION_FIGURES.map((f) => [f.en, counted(f.count)])),
    milestones: first.milestones.map((m, i) => ({
      date: m.date,
      what: m.what,
      ...(m.schedule ? { schedule: m.schedule } : {}),
      mitIdShare: bandOf(reports.map((r) => r.milestones[i].mitIdShare)),
      stillOnNemId: counted((r) => r.milestones[i].stillOnNemId),
      peakQueueBefore: counted((r) => r.milestones[i].peakQueueBefore),
      meanWaitBefore: bandOf(
        reports.map((r) => r.milestones[i].meanWaitBefore),
        2,
      ),
    })),
  };
}
