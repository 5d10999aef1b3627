import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronTime } from 'cron';
import { CLOCK } from '../clock/clock.module';
import { Environment } from '../config/environment';
import { Clock } from '../domain/clock';
import { danishDateOf } from '../domain/dates';
import { TransitionScheduler } from './transition-scheduler';
import { inSpan } from '../tracing/tracing';

export const DAILY_RUN = 'transition-daily-run';
const DAILY_RUN_RETRY = 'transition-daily-run-retry';
const RETRY_AFTER_MS = 60_000;
/** setTimeout's longest delay; a later run is reached in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** A clock that can say how long, in real time, until a business instant (the service clock); others run at real speed. */
type BusinessClock = Clock & { realDelayUntil?(instant: Date): number };

/**
 * The daily run of the transition schedule, at TRANSITION_SCHEDULER_CRON in the service's business time:
 * on a rehearsal clock that runs a day per minute, it runs once a minute, each time for the next day.
 */
@Injectable()
export class DailyRun implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TransitionScheduler');
  private readonly cronTime: CronTime;
  private readonly timeZone: string;
  private running?: Promise<void>;
  private active = false;
  /** The run last scheduled: the next is after it, even if a timer fires a moment early in business time. */
  private scheduled?: Date;

  constructor(
    private readonly scheduler: TransitionScheduler,
    private readonly registry: SchedulerRegistry,
    @Inject(CLOCK) private readonly clock: BusinessClock,
    @Inject(ConfigService) private readonly config: ConfigService<Environment, true>,
  ) {
    this.timeZone = config.get('TRANSITION_SCHEDULER_TIME_ZONE', { infer: true });
    this.cronTime = new CronTime(config.get('TRANSITION_SCHEDULER_CRON', { infer: true }), this.timeZone);
  }

  onApplicationBootstrap(): void {
    if (this.config.get('TRANSITION_SCHEDULER', { infer: true }) !== 'on') return;
    this.active = true;
    this.scheduleNext();
    // A start after today's run time (a restart, a deploy) still runs today; a second run starts nothing new.
    void this.fireOnTick();
  }

  /** Stop before the workers and the store close, and let a run in progress finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.active = false;
    this.clearTimer(DAILY_RUN);
    this.clearTimer(DAILY_RUN_RETRY);
    await this.running;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** The next run, in business time. */
  nextDate(): Date {
    return this.active && this.scheduled ? this.scheduled : this.following();
  }

  private following(): Date {
    const now = this.clock.now();
    const from = this.scheduled && this.scheduled >= now ? new Date(this.scheduled.getTime() + 1000) : now;
    // The zone must be named again here: without it the next date is computed in UTC.
    return this.cronTime.getNextDateFrom(from, this.timeZone).toJSDate();
  }

  /** Runs the milestones of the business day (of `at`, default now), as the timer does at the run time. */
  fireOnTick(at: Date = this.clock.now()): Promise<void> {
    if (this.running) return this.running;
    const day = danishDateOf(at);
    this.running = inSpan('scheduler day', { 'overgang.day': day }, async (span) => {
      const started = await this.scheduler.startDue(day);
      span.setAttribute('overgang.campaigns.started', started.filter((m) => m.newlyStarted).length);
      return started;
    })
      .then((started) => {
        for (const m of started) if (m.newlyStarted) this.logger.log(`${day}: started ${m.campaignId} (${m.notice})`);
      })
      .catch((error: unknown) => {
        this.logger.error(`daily run for ${day} failed, retrying in a minute: ${error instanceof Error ? error.message : String(error)}`);
        if (this.active)
          this.setTimer(
            DAILY_RUN_RETRY,
            setTimeout(() => void this.fireOnTick(), RETRY_AFTER_MS),
          );
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private scheduleNext(): void {
    if (!this.active) return;
    const next = this.following();
    this.scheduled = next;
    const delay = this.clock.realDelayUntil?.(next) ?? Math.max(0, next.getTime() - this.clock.now().getTime());
    this.setTimer(
      DAILY_RUN,
      setTimeout(
        () => {
          // The day of the run itself: on a fast clock a timer may fire a business minute early.
          if (delay <= LONGEST_TIMER_MS) void this.fireOnTick(next);
          this.scheduleNext();
        },
        Math.min(delay, LONGEST_TIMER_MS),
      ),
    );
  }

  /** Pending timers live in @nestjs/schedule's registry, so they are seen, and cleared, with the others. */
  private setTimer(name: string, timer: NodeJS.Timeout): void {
    this.clearTimer(name);
    this.registry.addTimeout(name, timer);
  }

  private clearTimer(name: string): void {
    if (!this.registry.doesExist('timeout', name)) return;
    clearTimeout(this.registry.getTimeout(name) as NodeJS.Timeout);
    this.registry.deleteTimeout(name);
  }
}
