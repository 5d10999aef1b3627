import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventStoreModule } from '../event-store/event-store.module';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { Metrics } from '../metrics/metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { CLUSTER_LINK, ClusterLink } from './cluster-link';

/**
 * With more than one process on the embedded store, the leader folds what the followers append: told of each
 * append, its subscriptions read at once instead of at their next poll. Every process gives its metrics when asked.
 */
@Injectable()
class ClusterWiring implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly undo: (() => void)[] = [];

  constructor(
    @Inject(CLUSTER_LINK) private readonly link: ClusterLink | null,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    const { link, store } = this;
    if (!link) return;
    link.provide('metrics', () => this.metrics.registry.getMetricsAsJSON());
    if (!(store instanceof SqliteEventStore)) return;
    this.undo.push(link.isLeader ? link.onAppended((committed) => store.notifyAppended(committed)) : store.onAppended((committed) => link.appended(committed)));
  }

  onApplicationShutdown(): void {
    for (const undo of this.undo) undo();
    this.link?.close();
  }
}

/** This process's place among the service's processes (WEB_CONCURRENCY), or null when it serves alone. */
@Global()
@Module({
  imports: [EventStoreModule, MetricsModule],
  providers: [{ provide: CLUSTER_LINK, useFactory: () => ClusterLink.ofThisProcess() ?? null }, ClusterWiring],
  exports: [CLUSTER_LINK],
})
export class ClusterModule {}
