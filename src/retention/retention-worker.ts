import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../domain/clock';
import { IsoDate, danishDateOf } from '../domain/dates';
import { RetentionRun } from '../domain/retention';
import { repeatedFailureLog } from '../logging/repeated-failures';
import { BackgroundLoop } from '../workers/background-loop';
import { Erasures } from './erasures';
import { Retention } from './retention';

export const RETENTION_ACTOR = { role: 'system', subject: 'retention' };
/** How often the worker looks for a new business day or a run to carry on, unless nudged. */
const IDLE_MS = 60_000;

/**
 * The retention rule at work: at start it applies every erasure the log records (a restored key store is brought up
 * to date before anything reads a key), carries an unfinished run to its end, and on each new business day starts
 * a run if anyone is due (`daily`). Runs the agency starts by hand are carried out here too.
 */
export class RetentionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly loop: BackgroundLoop;
  private checkedOn?: IsoDate;
  /** A run in hand ends its batch and stops when the service stops; it goes on at the next start. */
  private stopping = false;

  constructor(
    private readonly retention: Retention,
    private readonly erasures: Erasures,
    private readonly clock: Clock,
    private readonly options: { daily: boolean; withWorkers: boolean },
  ) {
    this.loop = new BackgroundLoop(() => this.round(), { idleMs: IDLE_MS, onError: repeatedFailureLog(this.logger, 'retention run') });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async start(): Promise<void> {
    const { erasures, keysDestroyed } = await this.erasures.applyRecorded();
    if (keysDestroyed > 0)
      this.logger.warn(`destroyed ${keysDestroyed} keys that ${erasures} recorded erasures had destroyed before (a key store restored from a backup)`);
    if (this.options.withWorkers) this.loop.start();
  }

  stop(): Promise<void> {
    this.stopping = true;
    return this.loop.stop();
  }

  /** A run was started by hand: carry it out now. */
  nudge(): void {
    this.loop.nudge();
  }

  /** True when it did work (a run carried on, or started). */
  async round(): Promise<boolean> {
    const context = { actor: RETENTION_ACTOR, correlationId: randomUUID() };
    const run = await this.retention.resume(
      context,
      (progress) => this.report(progress),
      () => this.stopping,
    );
    if (run) {
      if (run.finishedAt) this.logger.log(`retention run ${run.runId} as of ${run.asOf} finished: ${run.forgotten} holders forgotten`);
      return true;
    }
    const today = danishDateOf(this.clock.now());
    if (!this.options.daily || this.checkedOn === today) return false;
    this.checkedOn = today;
    const last = (await this.retention.list())[0];
    if (last && last.asOf >= today) return false;
    if (this.retention.plan(today).holders === 0) return false;
    const started = await this.retention.start(today, context);
    this.logger.log(`retention run ${started.runId} as of ${today}: ${started.planned} holders retired by ${started.retiredBy} are due`);
    return true;
  }

  private report(run: RetentionRun): void {
    this.logger.log(`retention run ${run.runId} as of ${run.asOf}: ${run.forgotten} of ${run.planned} holders forgotten so far`);
  }
}
