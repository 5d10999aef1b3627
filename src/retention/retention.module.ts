import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CLOCK, ClockModule } from '../clock/clock.module';
import type { Environment } from '../config/environment';
import type { Clock } from '../domain/clock';
import { EventStoreModule } from '../event-store/event-store.module';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { ReadModelsModule } from '../read-models/read-models.module';
import { RetentionCommandHandler } from '../streams/retention-command.handler';
import { StreamsModule } from '../streams/streams.module';
import { Erasures } from './erasures';
import { Retention } from './retention';
import { RetentionController } from './retention.controller';
import { RetentionWorker } from './retention-worker';

/** Erasure and the retention rule: forgetting citizens by destroying their keys, by hand or when their period ends. */
@Module({
  imports: [EventStoreModule, ClockModule, PersonalDataModule, StreamsModule, ReadModelsModule],
  controllers: [RetentionController],
  providers: [
    Erasures,
    {
      provide: Retention,
      inject: [RetentionCommandHandler, Erasures, ReadModelStore, ConfigService],
      useFactory: (runs: RetentionCommandHandler, erasures: Erasures, readModels: ReadModelStore, config: ConfigService<Environment, true>) =>
        new Retention(runs, erasures, readModels, config.get('RETENTION_YEARS_AFTER_RETIREMENT', { infer: true })),
    },
    {
      provide: RetentionWorker,
      inject: [Retention, Erasures, CLOCK, ConfigService],
      useFactory: (retention: Retention, erasures: Erasures, clock: Clock, config: ConfigService<Environment, true>) =>
        new RetentionWorker(retention, erasures, clock, {
          daily: config.get('RETENTION_DAILY', { infer: true }) === 'on',
          withWorkers: config.get('WORKERS', { infer: true }) === 'on',
        }),
    },
  ],
})
export class RetentionModule {}
