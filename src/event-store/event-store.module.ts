import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { Metrics } from '../metrics/metrics';
import { COMPETING_CONSUMERS, CompetingConsumers } from './competing-consumers';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { PersistentSubscriptionConsumers } from './esdb/persistent-subscription-consumer';
import { DEFAULT_RETRIES, RetryOptions } from './esdb/client-errors';
import { ResubscribeOptions } from './esdb/reconnect-backoff';
import { EVENT_STORE, EventStore } from './event-store';
import { openEventStore } from './open-event-store';
import { MetricsModule } from '../metrics/metrics.module';

const logger = new Logger('EventStore');

/** Dropped EventStoreDB subscriptions: logged (no event contents) and counted in /metrics. */
function resubscribeReporting(metrics: Metrics, kind: 'catch-up' | 'persistent'): ResubscribeOptions {
  return {
    onDropped: ({ error, attempt, delayMs }) => {
      metrics.eventStoreResubscriptions.inc({ kind });
      logger.warn(
        `${kind} subscription dropped (${error instanceof Error ? error.message : String(error)}); resubscribing in ${delayMs} ms, attempt ${attempt}`,
      );
    },
  };
}

/** Calls tried again while a node is not ready or not the leader: logged and counted, so a flapping cluster shows. */
function retryReporting(metrics: Metrics): RetryOptions {
  return {
    ...DEFAULT_RETRIES,
    onRetry: ({ operation, attempt, delayMs, error }) => {
      metrics.eventStoreRetries.inc({ operation });
      logger.warn(`${operation} failed (${error instanceof Error ? error.message : String(error)}); trying again in ${delayMs} ms, attempt ${attempt}`);
    },
  };
}

/** Closes the store when the application stops; every worker that appends depends on this module, so stops first. */
@Injectable()
class EventStoreShutdown implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Module({
  imports: [MetricsModule],
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ConfigService, Metrics],
      useFactory: (config: ConfigService<Environment, true>, metrics: Metrics): EventStore =>
        openEventStore(
          {
            EVENT_STORE_URL: config.get('EVENT_STORE_URL', { infer: true }),
            DATA_DIR: config.get('DATA_DIR', { infer: true }),
            SQLITE_SYNCHRONOUS: config.get('SQLITE_SYNCHRONOUS', { infer: true }),
            WEB_CONCURRENCY: config.get('WEB_CONCURRENCY', { infer: true }),
          },
          {
            resubscribe: resubscribeReporting(metrics, 'catch-up'),
            retries: retryReporting(metrics),
            onCommit: ({ appends, seconds }) => {
              metrics.eventStoreCommitSeconds.observe(seconds);
              metrics.eventStoreCommitAppends.observe(appends);
            },
          },
        ),
    },
    {
      provide: COMPETING_CONSUMERS,
      inject: [EVENT_STORE, Metrics],
      useFactory: (store: EventStore, metrics: Metrics): CompetingConsumers | null =>
        store instanceof EsdbEventStore
          ? new PersistentSubscriptionConsumers(store.grpcClient, {
              resubscribe: resubscribeReporting(metrics, 'persistent'),
              retries: retryReporting(metrics),
              onRetired: (groups) => logger.log(`deleted persistent subscription groups of an earlier build: ${groups.join(', ')}`),
            })
          : null,
    },
    EventStoreShutdown,
  ],
  exports: [EVENT_STORE, COMPETING_CONSUMERS],
})
export class EventStoreModule {}
