import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { CLOCK } from '../clock/clock.module';
import { Environment } from '../config/environment';
import { Clock } from '../domain/clock';
import { danishDateOf } from '../domain/dates';
import { DigitalPostModule } from '../digital-post/digital-post.module';
import { TransitionCommandHandler } from './transition-command.handler';
import { TransitionController } from './transition.controller';
import { TransitionScheduler } from './transition-scheduler';

const DAILY_RUN = 'transition-daily-run';
const RETRY_AFTER_MS = 60_000;

@Module({
  imports: [CampaignsModule, DigitalPostModule],
  controllers: [TransitionController],
  providers: [TransitionCommandHandler, TransitionScheduler],
  exports: [TransitionCommandHandler, TransitionScheduler],
})
export class TransitionModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TransitionScheduler');
  private running?: Promise<void>;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly scheduler: TransitionScheduler,
    private readonly registry: SchedulerRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ConfigService) private readonly config: ConfigService<Environment, true>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.get('TRANSITION_SCHEDULER', { infer: true }) !== 'on') return;
    const job = CronJob.from({
      cronTime: this.config.get('TRANSITION_SCHEDULER_CRON', { infer: true }),
      timeZone: this.config.get('TRANSITION_SCHEDULER_TIME_ZONE', { infer: true }),
      onTick: () => this.runToday(),
      start: true,
    });
    this.registry.addCronJob(DAILY_RUN, job);
    // A start after today's run time (a restart, a deploy) still runs today; a second run starts nothing new.
    this.runToday();
  }

  /** Stop the daily run before the workers and the store close, and let a run in progress finish. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('cron', DAILY_RUN)) {
      await this.registry.getCronJob(DAILY_RUN).stop();
      this.registry.deleteCronJob(DAILY_RUN);
    }
    clearTimeout(this.retry);
    await this.running;
  }

  private runToday(): void {
    if (this.running) return;
    const day = danishDateOf(this.clock.now());
    this.running = this.scheduler
      .startDue(day)
      .then((started) => {
        for (const m of started) if (m.newlyStarted) this.logger.log(`${day}: started ${m.campaignId} (${m.notice})`);
      })
      .catch((error: unknown) => {
        this.logger.error(`daily run for ${day} failed, retrying in a minute: ${error instanceof Error ? error.message : String(error)}`);
        this.retry = setTimeout(() => this.runToday(), RETRY_AFTER_MS);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
