import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import { PROJECTIONS } from '../../projections';
import { Environment } from '../config/environment';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { EventStoreModule } from '../event-store/event-store.module';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { prepareDataDir } from '../storage/sqlite-file';
import { CitizenListController, ProgressController } from './read-models.controller';

export const READ_MODELS_FILE = 'read-models.sqlite';

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
      inject: [EVENT_STORE, ReadModelStore],
      useFactory: (store: EventStore, readModels: ReadModelStore) => {
        const logger = new Logger('Projections');
        return new ProjectionEngine(store, readModels, PROJECTIONS, {
          onError: (error) => logger.error(`projection failed, retrying: ${error instanceof Error ? error.message : String(error)}`),
        });
      },
    },
  ],
  exports: [ReadModelStore, ProjectionEngine],
})
export class ReadModelsModule {}

/** The citizen list and the national progress over HTTP: a feature like the others, not global. */
@Module({ imports: [ReadModelsModule], controllers: [CitizenListController, ProgressController] })
export class ReadModelsApiModule {}
