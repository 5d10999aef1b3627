import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CitizensModule } from '../citizens/citizens.module';
import { CitizenCommandHandler } from '../citizens/citizen-command.handler';
import { CLOCK } from '../clock/clock.module';
import { Environment } from '../config/environment';
import { Clock } from '../domain/clock';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { CampaignCommandHandler } from './campaign-command.handler';
import { CampaignQueries } from './campaign-queries.service';
import { CampaignWorker } from './campaign-worker';
import { COMPETING_CONSUMERS, CompetingConsumers } from '../event-store/competing-consumers';
import { CampaignsController } from './campaigns.controller';

@Module({
  imports: [CitizensModule],
  controllers: [CampaignsController],
  providers: [
    CampaignCommandHandler,
    CampaignQueries,
    {
      provide: CampaignWorker,
      inject: [CampaignCommandHandler, CitizenCommandHandler, ReadModelStore, ProjectionEngine, CLOCK, COMPETING_CONSUMERS],
      useFactory: (
        campaigns: CampaignCommandHandler,
        citizens: CitizenCommandHandler,
        readModels: ReadModelStore,
        engine: ProjectionEngine,
        clock: Clock,
        consumers: CompetingConsumers | null,
      ) => {
        const logger = new Logger('CampaignWorker');
        return new CampaignWorker(campaigns, citizens, readModels, engine, clock, {
          consumers,
          onError: (error) => logger.error(`campaign step failed, retrying: ${error instanceof Error ? error.message : String(error)}`),
        });
      },
    },
  ],
  exports: [CampaignCommandHandler, CampaignQueries, CampaignWorker],
})
export class CampaignsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly worker: CampaignWorker,
    @Inject(ConfigService) private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.get('WORKERS', { infer: true }) === 'on') await this.worker.start();
  }

  /** Before the read models and the event store close: the step in hand records its cursor. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}
