import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Environment } from '../config/environment';
import { EVENT_STORE, EventStore } from './event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>): EventStore => {
        const dataDir = config.get('DATA_DIR', { infer: true });
        mkdirSync(dataDir, { recursive: true });
        return new SqliteEventStore({
          path: join(dataDir, 'events.sqlite'),
          synchronous: config.get('SQLITE_SYNCHRONOUS', { infer: true }),
        });
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
