import { CITIZEN_STREAM_PREFIX } from '../domain/citizen';
import { IsoDate, addDays } from '../domain/dates';
import { EventStore } from '../event-store/event-store';
import { TransitionSchedule } from '../domain/transition';
import type { QueueDay } from './citizen-service-queue';
import type { ParameterValues } from './simulation-parameters';
import { RunMeasures, TargetRow, againstTargets } from './targets';

const LETTER_KINDS = [
  'update-info-letter',
  'deadline-reminder',
  'final-warning',
  'keep-nemid',
  'nemid-retired',
  'nemid-no-longer-needed',
  'nemid-shutdown',
] as const;
type LetterKind = (typeof LETTER_KINDS)[number];

export interface WeekRow {
  /** The Monday the week starts on. */
  week: IsoDate;
  letters: Record<LetterKind, number>;
  infoUpdated: number;
  mitIdsCreated: number;
  nemIdsRetired: number;
  /** Holders with MitID at the end of the week, over all holders. */
  mitIdShare: number;
  citizenServiceQueue: number;
  /** In working days, of the visits served that week. */
  citizenServiceMeanWaitDays: number;
  citizenServiceLongestWaitDays: number;
  /** Offered a first free slot beyond their patience, and gave up. */
  citizenServiceGaveUp: number;
}

export const MILESTONE_KINDS = ['deadline', 'moved-deadline', 'shutdown'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export type Mark = Pick<Milestone, 'date' | 'what' | 'schedule'>;

/** The state on a day that matters (a deadline, the shutdown), and Citizen Service in the eight weeks before it. */
export interface Milestone {
  date: IsoDate;
  what: MilestoneKind;
  /** The schedule the deadline is from, when it is another's (a comparison). */
  schedule?: string;
  mitIdShare: number;
  stillOnNemId: number;
  /** The longest queue, and the mean wait in working days of those served, in the eight weeks up to the date. */
  peakQueueBefore: number;
  meanWaitBefore: number;
}

export interface SimulationReport {
  parameters: { citizens: number; seed: number; from: IsoDate; to: IsoDate; schedule: string; deadline: IsoDate; shutdown: IsoDate };
  /** The behaviour model's values, and the file the fitted ones came from. */
  model: { file: string; values: ParameterValues };
  totals: { holders: number; letters: Record<LetterKind, number>; lettersAll: number; infoUpdated: number; mitIdsCreated: number; nemIdsRetired: number };
  atDeadline: { date: IsoDate; mitIdShare: number; stillOnNemId: number };
  atShutdown: { date: IsoDate; mitIdShare: number; stillOnNemId: number };
  citizenService: { visits: number; peakQueue: number; peakWaitDays: number; meanWaitDays: number; gaveUp: number };
  /** Holders who cannot move through the bank or the app, by why. */
  needingVisit: Record<string, number>;
  refusedByRule: Record<string, number>;
  /** Each figure reported while it happened, beside the simulated value (targets.ts). */
  calibration: TargetRow[];
  milestones: Milestone[];
  weeks: WeekRow[];
}

const DATE_OF: Record<string, string> = {
  UpdateInfoLetterSent: 'sentOn',
  NoticeSent: 'sentOn',
  PersonalInfoUpdated: 'updatedOn',
  MitIdCreated: 'createdOn',
  NemIdRetired: 'retiredOn',
};

const mondayOf = (day: IsoDate): IsoDate => addDays(day, -((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7));
const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Every count in the report is a count of events in the store, by the business date they carry. */
export async function buildReport(
  store: EventStore,
  run: {
    citizens: number;
    seed: number;
    from: IsoDate;
    to: IsoDate;
    schedule: string;
    transition: TransitionSchedule;
    queue: QueueDay[];
    refusedByRule: Record<string, number>;
    needingVisit: Record<string, number>;
    /** Days to report the state at, besides the deadline and the shutdown (another schedule's deadlines, to compare). */
    marks: Mark[];
    model: { file: string; values: ParameterValues };
  },
): Promise<SimulationReport> {
  const zeroLetters = () => Object.fromEntries(LETTER_KINDS.map((k) => [k, 0])) as Record<LetterKind, number>;
  const weeks = new Map<IsoDate, WeekRow>();
  const weekOf = (day: IsoDate) => {
    const monday = mondayOf(day);
    let row = weeks.get(monday);
    if (!row) {
      row = {
        week: monday,
        letters: zeroLetters(),
        infoUpdated: 0,
        mitIdsCreated: 0,
        nemIdsRetired: 0,
        mitIdShare: 0,
        citizenServiceQueue: 0,
        citizenServiceMeanWaitDays: 0,
        citizenServiceLongestWaitDays: 0,
        citizenServiceGaveUp: 0,
      };
      weeks.set(monday, row);
    }
    return row;
  };
  for (let day = mondayOf(run.from); day <= run.to; day = addDays(day, 7)) weekOf(day);
  let holders = 0;
  const mitIdDays: IsoDate[] = [];
  const filter = { streamPrefixes: [CITIZEN_STREAM_PREFIX], eventTypes: ['NemIdImported', ...Object.keys(DATE_OF)] };
  for await (const event of store.readAll({ filter })) {
    if (event.type === 'NemIdImported') {
      holders++;
      continue;
    }
    const data = event.data as Record<string, string>;
    const day = data[DATE_OF[event.type]] as IsoDate;
    const row = weekOf(day);
    if (event.type === 'UpdateInfoLetterSent') row.letters['update-info-letter']++;
    else if (event.type === 'NoticeSent') row.letters[data.notice as LetterKind]++;
    else if (event.type === 'PersonalInfoUpdated') row.infoUpdated++;
    else if (event.type === 'MitIdCreated') {
      row.mitIdsCreated++;
      mitIdDays.push(day);
    } else if (event.type === 'NemIdRetired') row.nemIdsRetired++;
  }
  mitIdDays.sort();
  const withMitIdOn = (day: IsoDate) => {
    let low = 0;
    let high = mitIdDays.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (mitIdDays[mid] <= day) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const share = (day: IsoDate) => (holders === 0 ? 0 : round(withMitIdOn(day) / holders));
  const ordered = [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
  for (const row of ordered) {
    const sunday = addDays(row.week, 6);
    row.mitIdShare = share(sunday);
    const days = run.queue.filter((q) => q.day >= row.week && q.day <= sunday);
    const served = days.reduce((n, q) => n + q.served, 0);
    row.citizenServiceQueue = days.length > 0 ? days[days.length - 1].waiting : 0;
    row.citizenServiceMeanWaitDays = served === 0 ? 0 : round(days.reduce((n, q) => n + q.waitedDays, 0) / served, 2);
    row.citizenServiceLongestWaitDays = Math.max(0, ...days.map((q) => q.longestWaitDays));
    row.citizenServiceGaveUp = days.reduce((n, q) => n + q.gaveUp, 0);
  }
  const queueBetween = (from: IsoDate, to: IsoDate) => run.queue.filter((q) => q.day >= from && q.day <= to);
  const meanWaitBetween = (from: IsoDate, to: IsoDate) => {
    const days = queueBetween(from, to);
    const served = days.reduce((n, q) => n + q.served, 0);
    return served === 0 ? 0 : round(days.reduce((n, q) => n + q.waitedDays, 0) / served, 2);
  };
  const needingHelp = Object.entries(run.needingVisit).reduce((n, [why, count]) => (why === 'no-danish-passport' ? n : n + count), 0);
  const measures: RunMeasures = {
    shareOn: share,
    createdBetween: (from, to) => (holders === 0 ? 0 : (withMitIdOn(to) - withMitIdOn(addDays(from, -1))) / holders),
    meanWaitBetween,
    needingHelpShare: holders === 0 ? 0 : needingHelp / holders,
  };
  const milestoneOn = ({ date, what, schedule }: Mark): Milestone => {
    const before = queueBetween(addDays(date, -55), date);
    return {
      date,
      what,
      ...(schedule ? { schedule } : {}),
      mitIdShare: share(date),
      stillOnNemId: holders - withMitIdOn(date),
      peakQueueBefore: Math.max(0, ...before.map((q) => q.waiting)),
      meanWaitBefore: meanWaitBetween(addDays(date, -55), date),
    };
  };
  const letters = zeroLetters();
  for (const row of ordered) for (const kind of LETTER_KINDS) letters[kind] += row.letters[kind];
  const sum = (pick: (row: WeekRow) => number) => ordered.reduce((n, row) => n + pick(row), 0);
  const visits = run.queue.reduce((n, q) => n + q.served, 0);
  const { deadline, nemIdShutdown } = run.transition;
  return {
    parameters: { citizens: run.citizens, seed: run.seed, from: run.from, to: run.to, schedule: run.schedule, deadline, shutdown: nemIdShutdown },
    model: run.model,
    totals: {
      holders,
      letters,
      lettersAll: Object.values(letters).reduce((a, b) => a + b, 0),
      infoUpdated: sum((r) => r.infoUpdated),
      mitIdsCreated: sum((r) => r.mitIdsCreated),
      nemIdsRetired: sum((r) => r.nemIdsRetired),
    },
    atDeadline: { date: deadline, mitIdShare: share(deadline), stillOnNemId: holders - withMitIdOn(deadline) },
    atShutdown: { date: nemIdShutdown, mitIdShare: share(nemIdShutdown), stillOnNemId: holders - withMitIdOn(nemIdShutdown) },
    citizenService: {
      visits,
      peakQueue: Math.max(0, ...run.queue.map((q) => q.waiting)),
      peakWaitDays: Math.max(0, ...run.queue.map((q) => q.longestWaitDays)),
      meanWaitDays: visits === 0 ? 0 : round(run.queue.reduce((n, q) => n + q.waitedDays, 0) / visits, 2),
      gaveUp: run.queue.reduce((n, q) => n + q.gaveUp, 0),
    },
    needingVisit: Object.fromEntries(Object.entries(run.needingVisit).sort(([a], [b]) => a.localeCompare(b))),
    refusedByRule: Object.fromEntries(Object.entries(run.refusedByRule).sort(([a], [b]) => a.localeCompare(b))),
    calibration: againstTargets(measures, run.from, run.to),
    milestones: [...run.marks, { date: deadline, what: 'deadline' } as Mark, { date: nemIdShutdown, what: 'shutdown' } as Mark]
      .filter((m, i, all) => m.date >= run.from && m.date <= run.to && all.findIndex((o) => o.date === m.date) === i)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map(milestoneOn),
    weeks: ordered,
  };
}
