import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { StreamsModule } from '../streams/streams.module';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { CLOCK, ClockModule } from '../clock/clock.module';
import { Environment } from '../config/environment';
import { Clock } from '../domain/clock';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { CampaignCommandHandler } from '../streams/campaign-command.handler';
import { CampaignQueries } from './campaign-queries.service';
import { CampaignWorker } from './campaign-worker';
import { COMPETING_CONSUMERS, CompetingConsumers } from '../event-store/competing-consumers';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { CampaignsController } from './campaigns.controller';
import { EventStoreModule } from '../event-store/event-store.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { repeatedFailureLog } from '../logging/repeated-failures';
import { Metrics } from '../metrics/metrics';
import { MetricsModule } from '../metrics/metrics.module';

@Module({
  imports: [EventStoreModule, ClockModule, ReadModelsModule, StreamsModule, MetricsModule],
  controllers: [CampaignsController],
  providers: [
    CampaignQueries,
    {
      provide: CampaignWorker,
      inject: [
        CampaignCommandHandler,
        CitizenCommandHandler,
        ReadModelStore,
        ProjectionEngine,
        CLOCK,
        COMPETING_CONSUMERS,
        EVENT_STORE,
        ConfigService,
        Metrics,
      ],
      useFactory: (
        campaigns: CampaignCommandHandler,
        citizens: CitizenCommandHandler,
        readModels: ReadModelStore,
        engine: ProjectionEngine,
        clock: Clock,
        consumers: CompetingConsumers | null,
        events: EventStore,
        config: ConfigService<Environment, true>,
        metrics: Metrics,
      ) => {
        const logger = new Logger('CampaignWorker');
        return new CampaignWorker(campaigns, citizens, readModels, engine, clock, {
          consumers,
          events,
          withApplication: config.get('WORKERS', { infer: true }) === 'on',
          onError: repeatedFailureLog(logger, 'campaign step'),
          metrics,
        });
      },
    },
  ],
  exports: [CampaignQueries, CampaignWorker],
})
export class CampaignsModule {}
