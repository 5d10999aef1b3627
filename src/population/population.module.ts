import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import { CLOCK, ClockModule } from '../clock/clock.module';
import { Environment } from '../config/environment';
import { Clock } from '../domain/clock';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { TransitionCommandHandler } from '../streams/transition-command.handler';
import { StreamsModule } from '../streams/streams.module';
import { PopulationImporter } from './population-importer';
import { PopulationImports } from './population-imports';
import { CLUSTER_LINK, ClusterLink } from '../cluster/cluster-link';
import { PopulationController } from './population.controller';
import { EventStoreModule } from '../event-store/event-store.module';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { ReadModelsModule } from '../read-models/read-models.module';

/** An upload another process is still writing is left alone this long after its last byte (a slow link, a pause). */
const UPLOAD_ABANDONED_MS = 10 * 60_000;

@Module({
  imports: [EventStoreModule, ClockModule, PersonalDataModule, StreamsModule, ReadModelsModule],
  controllers: [PopulationController],
  providers: [
    {
      provide: PopulationImporter,
      inject: [EVENT_STORE, CitizenCipher, CLOCK, TransitionCommandHandler],
      useFactory: (store: EventStore, cipher: CitizenCipher, clock: Clock, schedule: TransitionCommandHandler) =>
        new PopulationImporter(store, cipher, clock, async () => (await schedule.load()).state.schedule),
    },
    {
      provide: PopulationImports,
      inject: [PopulationImporter, ConfigService, CLUSTER_LINK],
      useFactory: (importer: PopulationImporter, config: ConfigService<Environment, true>, link: ClusterLink | null) =>
        new PopulationImports(importer, {
          spoolDir: join(config.get('DATA_DIR', { infer: true }), 'population-imports'),
          uploadLimitBytes: config.get('POPULATION_UPLOAD_LIMIT_MIB', { infer: true }) * 2 ** 20,
          withApplication: config.get('WORKERS', { infer: true }) === 'on',
          // Among several processes the leader imports, one upload at a time, whichever process took it.
          ...(link === null
            ? {}
            : {
                waitingShared: { tell: (importId, since) => link.importWaiting(importId, since), listen: (listener) => link.onImportWaiting(listener) },
                ...(link.isLeader
                  ? { toldOfUploads: (listener: () => void) => link.onImportSpooled(listener), partsAbandonedAfterMs: UPLOAD_ABANDONED_MS }
                  : { handOver: () => link.importSpooled() }),
              }),
        }),
    },
  ],
  exports: [PopulationImporter, PopulationImports],
})
export class PopulationModule {}
