import { IsoDate, daysBetween } from '../domain/dates';

export interface Visit<T> {
  joinedOn: IsoDate;
  what: T;
}

export interface QueueDay {
  day: IsoDate;
  /** Waiting at the end of the day. */
  waiting: number;
  served: number;
  /** Days each visit served today waited, summed (mean = waitedDays / served). */
  waitedDays: number;
  longestWaitDays: number;
}

/**
 * Citizen Service as a queue: visits wait, first come first served, for one of the day's slots
 * (weekdays only). Each served visit's wait in days is recorded.
 */
export class CitizenServiceQueue<T> {
  private readonly visits: Visit<T>[] = [];
  private head = 0;
  readonly days: QueueDay[] = [];

  constructor(private readonly slotsPerWeekday: number) {}

  join(day: IsoDate, what: T): void {
    this.visits.push({ joinedOn: day, what });
  }

  get waiting(): number {
    return this.visits.length - this.head;
  }

  /** The visits served on `day`, oldest first; the day's figures are recorded. */
  serve(day: IsoDate): Visit<T>[] {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const slots = weekday === 0 || weekday === 6 ? 0 : this.slotsPerWeekday;
    const served = this.visits.slice(this.head, this.head + slots);
    this.head += served.length;
    if (this.head > 10_000 && this.head * 2 > this.visits.length) {
      this.visits.splice(0, this.head);
      this.head = 0;
    }
    const waits = served.map((visit) => daysBetween(visit.joinedOn, day));
    this.days.push({ day, waiting: this.waiting, served: served.length, waitedDays: waits.reduce((a, b) => a + b, 0), longestWaitDays: Math.max(0, ...waits) });
    return served;
  }
}
