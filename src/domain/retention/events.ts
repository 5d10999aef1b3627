import { storedEventsOf } from '../stored-events';
import { IsoDate } from '../dates';

type Event<Type extends string, Data> = { type: Type; data: Data };

/**
 * A run of the retention rule: every holder whose NemID was retired on or before `retiredBy` (`asOf` less the
 * period the agency set) is forgotten. `planned` is how many the plan found when it started.
 */
export type RetentionRunStarted = Event<'RetentionRunStarted', { runId: string; asOf: IsoDate; retentionYears: number; retiredBy: IsoDate; planned: number }>;
/** A batch done: how many were forgotten in it, and the last citizen id it reached (runs walk the holders in id order). */
export type RetentionBatchDone = Event<'RetentionBatchDone', { runId: string; forgotten: number; through: string }>;
export type RetentionRunFinished = Event<'RetentionRunFinished', { runId: string; finishedAt: string }>;

export type RetentionEvent = RetentionRunStarted | RetentionBatchDone | RetentionRunFinished;

export const RETENTION_EVENTS = storedEventsOf<RetentionEvent>({ RetentionRunStarted: true, RetentionBatchDone: true, RetentionRunFinished: true });

/** A retention event as the fold takes it: with the business time it was recorded at, when known. */
export type DatedRetentionEvent = RetentionEvent & { occurredAt?: string };

export function retentionEventOf(stored: { type: string; data: unknown; metadata: { occurredAt: string } }): DatedRetentionEvent | undefined {
  const event = RETENTION_EVENTS.read(stored);
  return event && { ...event, occurredAt: stored.metadata.occurredAt };
}
