import { Clock } from '../domain/clock';
import { ClockPosition, ClockRefused, readClockPosition, writeClockPosition } from './clock-position';

export interface ClockSettings {
  /** Business time at the moment the clock is made; unset: the real time. */
  start?: Date;
  /** Business milliseconds per real millisecond (1440: a day per minute). */
  rate: number;
  /** The data folder that keeps business time between runs (and between the processes on it); unset: none. */
  dataDir?: string;
  /** Go back to `start` even when the folder has reached a later time (the operator said so: CLOCK_REWIND=allow). */
  rewind?: boolean;
  /** Told when the folder's position could not be written (a full disk): business time goes on, the next write tries again. */
  onPositionNotSaved?: (error: unknown) => void;
}

/** Business time handed out ahead of what the folder holds, in real time: a restart moves on by at most this much times the rate. */
const LEASE_REAL_MS = 1_000;
/** The real time may be this far behind what the folder reached (a clock stepped back) and business time just waits for it. */
const REAL_TIME_BEHIND_MS = 5 * 60_000;

/**
 * The service's business time: the real time, or a rehearsal's time that starts at a chosen instant and
 * runs on from there, possibly faster. An operator's tool can also pin it to a business day (the CLI's
 * `schedule run --date`, the simulator).
 *
 * It never goes backwards in a data folder: the folder keeps the rehearsal it runs and how far business time got,
 * written ahead of what is handed out (a lease), so a restart, or another process on the folder, goes on from
 * there. Whatever order processes hand out times in, an event is never recorded earlier than the folder reached
 * before it was decided.
 */
export class ServiceClock implements Clock {
  private readonly realStart: number;
  private businessStart: number;
  private rehearsal: string | null;
  private pinned?: number;
  private last = -Infinity;
  private leasedUntil = -Infinity;
  /** Rewound: the first lease replaces what the folder holds instead of taking it up. */
  private rewinding: boolean;

  constructor(
    readonly settings: ClockSettings = { rate: 1 },
    private readonly realNow: () => number = Date.now,
  ) {
    this.realStart = realNow();
    this.rewinding = settings.rewind === true;
    const saved = settings.dataDir === undefined ? undefined : readClockPosition(settings.dataDir);
    const asked = settings.start?.toISOString() ?? null;
    // Without a CLOCK_START, a folder that runs a rehearsal goes on with it.
    this.rehearsal = asked ?? saved?.start ?? null;
    this.businessStart = this.startingPoint(saved, asked);
    // The real time a little behind what the folder reached (a clock stepped back): business time waits for it.
    if (saved && !settings.rewind && this.rehearsal === null) this.last = Date.parse(saved.reached);
  }

  now(): Date {
    if (this.pinned !== undefined) return new Date(this.pinned);
    let instant = Math.max(this.last, this.businessStart + (this.realNow() - this.realStart) * this.settings.rate);
    if (this.settings.dataDir !== undefined && instant >= this.leasedUntil) instant = this.lease(instant);
    this.last = instant;
    return new Date(instant);
  }

  /** Whether business time is the real time: anything else is a rehearsal, and says so. */
  get isReal(): boolean {
    return this.rehearsal === null && this.settings.rate === 1 && this.pinned === undefined;
  }

  /** Business time stands at `instant` until pinned again: never before what the folder has reached, unless rewinding is allowed. */
  pinTo(instant: Date): void {
    const at = instant.getTime();
    const floor = Math.max(this.last, this.folderReached());
    if (at < floor && !this.settings.rewind) {
      throw new ClockRefused(
        `business time in this data folder has reached ${new Date(floor).toISOString()}; a run as of ${instant.toISOString()} would record events before those already recorded (CLOCK_REWIND=allow runs it anyway)`,
      );
    }
    this.pinned = at;
    this.last = Math.max(this.last, at);
    // A virtual day makes the folder a rehearsal: processes after this one go on from its time, not the real one.
    this.rehearsal ??= instant.toISOString();
    if (this.settings.dataDir !== undefined) this.save(Math.max(at, this.folderReached()));
  }

  /** Real milliseconds until the business instant comes (0 if it has passed). */
  realDelayUntil(instant: Date): number {
    return Math.max(0, (instant.getTime() - this.now().getTime()) / this.settings.rate);
  }

  /** Where business time starts in this process, from the settings and what the folder reached. */
  private startingPoint(saved: ClockPosition | undefined, asked: string | null): number {
    const configured = this.settings.start?.getTime() ?? (this.rehearsal === null ? this.realStart : Date.parse(saved!.reached));
    if (!saved || this.settings.rewind) return configured;
    const reached = Date.parse(saved.reached);
    // The same rehearsal, started again with the same settings: it goes on from where it was.
    if (asked !== null && asked === saved.start) return Math.max(configured, reached);
    if (configured >= reached) return configured;
    if (this.rehearsal === null && reached - configured <= REAL_TIME_BEHIND_MS) return configured;
    const what =
      asked === null ? (this.rehearsal === null ? `the real time (${new Date(configured).toISOString()})` : `the folder's rehearsal`) : `CLOCK_START ${asked}`;
    throw new ClockRefused(
      `business time in this data folder has reached ${saved.reached}; ${what} is before it, so events would be recorded before those already there. Start from a later time, or set CLOCK_REWIND=allow to go back anyway`,
    );
  }

  /** What the folder holds now: another process on it may have moved it on. */
  private folderReached(): number {
    const saved = this.settings.dataDir === undefined ? undefined : readClockPosition(this.settings.dataDir);
    return saved ? Date.parse(saved.reached) : -Infinity;
  }

  /** Takes up another process's lead, if any, then writes a lease ahead of `instant`; returns the instant to hand out. */
  private lease(instant: number): number {
    const reached = this.rewinding ? -Infinity : this.folderReached();
    this.rewinding = false;
    if (reached > instant) {
      this.businessStart += reached - instant;
      instant = reached;
    }
    const until = instant + LEASE_REAL_MS * this.settings.rate;
    this.save(until);
    this.leasedUntil = until;
    return instant;
  }

  private save(reached: number): void {
    try {
      writeClockPosition(this.settings.dataDir!, { start: this.rehearsal, reached: new Date(reached).toISOString() });
    } catch (error) {
      this.settings.onPositionNotSaved?.(error);
    }
  }
}
