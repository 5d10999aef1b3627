import { Clock } from '../domain/clock';

export interface ClockSettings {
  /** Business time at the moment the clock is made; unset: the real time. */
  start?: Date;
  /** Business milliseconds per real millisecond (1440: a day per minute). */
  rate: number;
}

/**
 * The service's business time: the real time, or a rehearsal's time that starts at a chosen instant and
 * runs on from there, possibly faster. An operator's tool can also pin it to a business day (the CLI's
 * `schedule run --date`, the simulator).
 */
export class ServiceClock implements Clock {
  private readonly realStart: number;
  private readonly businessStart: number;
  private pinned?: Date;

  constructor(
    readonly settings: ClockSettings = { rate: 1 },
    private readonly realNow: () => number = Date.now,
  ) {
    this.realStart = realNow();
    this.businessStart = settings.start?.getTime() ?? this.realStart;
  }

  now(): Date {
    if (this.pinned) return new Date(this.pinned.getTime());
    return new Date(this.businessStart + (this.realNow() - this.realStart) * this.settings.rate);
  }

  /** Whether business time is the real time: anything else is a rehearsal, and says so. */
  get isReal(): boolean {
    return this.settings.start === undefined && this.settings.rate === 1 && this.pinned === undefined;
  }

  pinTo(instant: Date): void {
    this.pinned = new Date(instant.getTime());
  }

  /** Real milliseconds until the business instant comes (0 if it has passed). */
  realDelayUntil(instant: Date): number {
    return Math.max(0, (instant.getTime() - this.now().getTime()) / this.settings.rate);
  }
}
