import { CITIZEN_STREAM_PREFIX } from '../domain/citizen';
import { IsoDate, addDays } from '../domain/dates';
import { EventStore } from '../event-store/event-store';
import { TransitionSchedule } from '../domain/transition';
import type { QueueDay } from './citizen-service-queue';

/** The share of NemID holders with MitID on days the press reported it (docs/facts.md); denominator about 5.0 million. */
export const REAL_ADOPTION: { date: IsoDate; share: number; source: string }[] = [
  { date: '2022-05-02', share: 3.4 / 5.0, source: 'docs/facts.md: ~3.4 of ~5.0 million had MitID when the deadline moved' },
  { date: '2022-09-22', share: 4.5 / 5.0, source: 'docs/facts.md: more than 4.5 million had MitID when it became the default public login' },
  { date: '2022-10-31', share: 4.7 / 5.0, source: 'docs/facts.md: 4.7 million had MitID when NemID stopped for online banking' },
  { date: '2023-10-31', share: 0.98, source: 'docs/facts.md: 98 % of people over 15 had migrated by October 2023' },
];

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
  citizenServiceMeanWaitDays: number;
  citizenServiceLongestWaitDays: number;
}

export interface SimulationReport {
  parameters: { citizens: number; seed: number; from: IsoDate; to: IsoDate; schedule: string; deadline: IsoDate; shutdown: IsoDate };
  totals: { holders: number; letters: Record<LetterKind, number>; lettersAll: number; infoUpdated: number; mitIdsCreated: number; nemIdsRetired: number };
  atDeadline: { date: IsoDate; mitIdShare: number; stillOnNemId: number };
  atShutdown: { date: IsoDate; mitIdShare: number; stillOnNemId: number };
  citizenService: { visits: number; peakQueue: number; peakWaitDays: number; meanWaitDays: number };
  refusedByRule: Record<string, number>;
  realAgainstSimulated: { date: IsoDate; real: number; simulated: number; difference: number }[];
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
  }
  const letters = zeroLetters();
  for (const row of ordered) for (const kind of LETTER_KINDS) letters[kind] += row.letters[kind];
  const sum = (pick: (row: WeekRow) => number) => ordered.reduce((n, row) => n + pick(row), 0);
  const visits = run.queue.reduce((n, q) => n + q.served, 0);
  const { deadline, nemIdShutdown } = run.transition;
  return {
    parameters: { citizens: run.citizens, seed: run.seed, from: run.from, to: run.to, schedule: run.schedule, deadline, shutdown: nemIdShutdown },
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
    },
    refusedByRule: Object.fromEntries(Object.entries(run.refusedByRule).sort(([a], [b]) => a.localeCompare(b))),
    realAgainstSimulated: REAL_ADOPTION.filter((p) => p.date >= run.from && p.date <= run.to).map((p) => ({
      date: p.date,
      real: round(p.share),
      simulated: share(p.date),
      difference: round(share(p.date) - p.share),
    })),
    weeks: ordered,
  };
}
