import { IsoDate, addDays, daysBetween } from '../domain/dates';

export interface Visit<T> {
  joinedOn: IsoDate;
  what: T;
}

export interface QueueDay {
  day: IsoDate;
  /** Waiting at the end of the day, at every desk. */
  waiting: number;
  served: number;
  /** Working days each visit served today waited, summed (mean = waitedDays / served). */
  waitedDays: number;
  longestWaitDays: number;
  /** Turned away: offered a first free slot beyond their patience, they gave up. */
  gaveUp: number;
}

const isWeekday = (day: IsoDate) => {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

/** Working days from `from` to `to` (Monday to Friday; a visit joined on a weekend and served on Monday waited 0). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const days = daysBetween(from, to);
  let working = Math.floor(days / 7) * 5;
  for (let day = addDays(from, Math.floor(days / 7) * 7 + 1); day <= to; day = addDays(day, 1)) if (isWeekday(day)) working++;
  return working;
}

/** One municipality class's desk: visits wait, first come first served, for the day's slots. */
class Desk<T> {
  readonly visits: Visit<T>[] = [];
  head = 0;
  /** Slots carried from one weekday to the next: a desk of 0.3 slots a day serves someone every few days. */
  credit = 0;

  get waiting(): number {
    return this.visits.length - this.head;
  }

  serve(slots: number): Visit<T>[] {
    this.credit += slots;
    const whole = Math.floor(this.credit + 1e-9);
    const served = this.visits.slice(this.head, this.head + whole);
    this.head += served.length;
    // Unused slots do not pile up: an empty desk does not serve a crowd tomorrow.
    this.credit = this.waiting === 0 ? Math.min(this.credit - served.length, 1) : this.credit - served.length;
    if (this.head > 10_000 && this.head * 2 > this.visits.length) {
      this.visits.splice(0, this.head);
      this.head = 0;
    }
    return served;
  }
}

/**
 * Citizen Service as queues, one per class of municipality, each with its slots per weekday (a fraction of a
 * slot carries over). Someone offered a first free slot further out than their patience may give up instead
 * of joining. Each served visit's wait in working days is recorded.
 */
export class CitizenServiceDesks<T, D extends string> {
  private readonly desks = new Map<D, Desk<T>>();
  private gaveUpToday = 0;
  readonly days: QueueDay[] = [];

  /** `slots(desk, day)`: the desk's slots on a weekday (closed at weekends). */
  constructor(private readonly slots: (desk: D, day: IsoDate) => number) {}

  private desk(name: D): Desk<T> {
    let desk = this.desks.get(name);
    if (!desk) this.desks.set(name, (desk = new Desk<T>()));
    return desk;
  }

  /** Working days until a slot for someone joining `desk` on `day` now. */
  firstFreeSlotIn(desk: D, day: IsoDate): number {
    const perDay = this.slots(desk, day);
    return perDay <= 0 ? Infinity : Math.ceil((this.desk(desk).waiting + 1) / perDay);
  }

  /** Joins the desk's queue, unless the first free slot is beyond `patience` working days: then false. */
  join(day: IsoDate, desk: D, what: T, patience = Infinity): boolean {
    if (this.firstFreeSlotIn(desk, day) > patience) {
      this.gaveUpToday++;
      return false;
    }
    this.desk(desk).visits.push({ joinedOn: day, what });
    return true;
  }

  get waiting(): number {
    let waiting = 0;
    for (const desk of this.desks.values()) waiting += desk.waiting;
    return waiting;
  }

  /** The visits served on `day` at every desk, oldest first at each; the day's figures are recorded. */
  serve(day: IsoDate): Visit<T>[] {
    const served: Visit<T>[] = [];
    if (isWeekday(day)) for (const [name, desk] of [...this.desks].sort(([a], [b]) => a.localeCompare(b))) served.push(...desk.serve(this.slots(name, day)));
    const waits = served.map((visit) => workingDaysBetween(visit.joinedOn, day));
    this.days.push({
      day,
      waiting: this.waiting,
      served: served.length,
      waitedDays: waits.reduce((a, b) => a + b, 0),
      longestWaitDays: waits.reduce((a, b) => Math.max(a, b), 0),
      gaveUp: this.gaveUpToday,
    });
    this.gaveUpToday = 0;
    return served;
  }
}
