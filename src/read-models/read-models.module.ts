import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import { PROJECTIONS } from '../../projections';
import { Environment } from '../config/environment';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { EventStoreModule } from '../event-store/event-store.module';
import { EVENTS_FILE } from '../event-store/open-event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { ProjectionThread, ProjectionThreadFiles } from '../projection-engine/projection-thread';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { RebuildThread } from '../projection-engine/rebuild-thread';
import { prepareDataDir } from '../storage/sqlite-file';
import { MetricsModule } from '../metrics/metrics.module';
import { ClockModule } from '../clock/clock.module';
import { ProjectionFaultsController } from './projection-faults.controller';
import { ProjectionMetrics } from './projection-metrics';
import { CitizenListController, ProgressController } from './read-models.controller';
import { repeatedFailureLog } from '../logging/repeated-failures';
import { CLUSTER_LINK, ClusterLink } from '../cluster/cluster-link';

export const READ_MODELS_FILE = 'read-models.sqlite';

/** The embedded store's two files in a data directory, for threads that open their own connections. */
export const embeddedFiles = (dataDir: string): ProjectionThreadFiles => ({
  eventsPath: join(dataDir, EVENTS_FILE),
  readModelsPath: join(dataDir, READ_MODELS_FILE),
});

/** The read models every feature reads: the store and the engine that keeps them up to date. */
@Module({
  imports: [EventStoreModule],
  providers: [
    {
      provide: ReadModelStore,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const dataDir = config.get('DATA_DIR', { infer: true });
        prepareDataDir(dataDir);
        return new ReadModelStore(join(dataDir, READ_MODELS_FILE));
      },
    },
    {
      provide: ProjectionEngine,
      inject: [EVENT_STORE, ReadModelStore, ConfigService, CLUSTER_LINK],
      useFactory: (store: EventStore, readModels: ReadModelStore, config: ConfigService<Environment, true>, link: ClusterLink | null) => {
        const logger = new Logger('Projections');
        // One process folds into the read models of a data folder: the others read them.
        if (link && !link.isLeader) return new ProjectionEngine(store, readModels, PROJECTIONS, {}, undefined, true);
        const dataDir = config.get('DATA_DIR', { infer: true });
        const embedded = store instanceof SqliteEventStore ? store : undefined;
        const thread =
          config.get('PROJECTIONS_THREAD', { infer: true }) === 'on' && embedded ? new ProjectionThread(embeddedFiles(dataDir), embedded) : undefined;
        const options = {
          onError: repeatedFailureLog(logger, 'projection'),
          helper: embedded ? new RebuildThread(embeddedFiles(dataDir)) : undefined,
        };
        return new ProjectionEngine(store, readModels, PROJECTIONS, options, thread);
      },
    },
  ],
  exports: [ReadModelStore, ProjectionEngine],
})
export class ReadModelsModule {}

/** The citizen list and the national progress over HTTP: a feature like the others, not global. */
@Module({
  imports: [ReadModelsModule, MetricsModule, EventStoreModule, ClockModule],
  controllers: [CitizenListController, ProgressController, ProjectionFaultsController],
  providers: [ProjectionMetrics],
})
export class ReadModelsApiModule {}
