import type { DailyProgressRow } from '../../../projections/migration-progress';

/** The daily counts the chart draws, in the order of its colours. */
export const SERIES = ['lettersSent', 'infoUpdated', 'mitIdsCreated', 'nemIdsRetired'] as const;

/** What the chart needs of the schedule in force. */
export interface ScheduleDates {
  schedule: { nemIdShutdown: string };
  today: string;
}

export const epochSeconds = (isoDate: string) => Date.parse(`${isoDate}T12:00:00Z`) / 1000;
export const isoDateOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * The days the transition spans: from the first letter (or update, MitID, retirement) to today, or to the shutdown
 * once it has passed. The register's issue dates go back to 2011 and are no part of it.
 */
export function transitionSpan(daily: DailyProgressRow[], schedule: ScheduleDates): { from: string; to: string } | undefined {
  const first = [...daily].sort((a, b) => (a.date < b.date ? -1 : 1)).find((row) => SERIES.some((key) => row[key] > 0));
  if (!first) return undefined;
  const end = schedule.today < schedule.schedule.nemIdShutdown ? schedule.today : schedule.schedule.nemIdShutdown;
  return { from: first.date, to: end > first.date ? end : first.date };
}

/** Per day in the span: the four daily counts, and the share of holders with MitID by then (every earlier day counted). */
export function chartData(daily: DailyProgressRow[], span: { from: string; to: string }): number[][] {
  const rows = [...daily].sort((a, b) => (a.date < b.date ? -1 : 1));
  let holders = 0;
  let mitIds = 0;
  const share = new Map<string, number>();
  for (const row of rows) {
    holders += row.issued;
    mitIds += row.mitIdsCreated;
    share.set(row.date, holders > 0 ? (100 * mitIds) / holders : 0);
  }
  const inSpan = rows.filter((row) => row.date >= span.from && row.date <= span.to);
  return [
    inSpan.map((row) => epochSeconds(row.date)),
    ...SERIES.map((key) => inSpan.map((row) => row[key])),
    inSpan.map((row) => Math.round(10 * share.get(row.date)!) / 10),
  ];
}
