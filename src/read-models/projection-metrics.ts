import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { CLOCK } from '../clock/clock.module';
import type { Clock } from '../domain/clock';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { Metrics } from '../metrics/metrics';
import { ProjectionEngine, ProjectionStatus } from '../projection-engine/projection-engine';

type FilledGauges = { behind?: Gauge<'projection'>; failures?: Gauge<'projection'>; lagSeconds?: Gauge<'projection'> };

/**
 * Each read model in /metrics, read from the read-model file when scraped (so also when the projections run in
 * their own thread): how far behind it is, in positions and in time, whether it is stalled, and how many times its
 * dead letters failed. The last error's words are in /health and the dead letters, not here: a label must stay bounded.
 */
@Injectable()
export class ProjectionMetrics {
  constructor(metrics: Metrics, engine: ProjectionEngine, @Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    // Registered after the gauge whose collect fills them: the registry asks each in the order they were made.
    const filled: FilledGauges = {};
    const labelNames = ['projection'] as const;
    const registers = [metrics.registry];
    /** How long the oldest event the read model has not folded has waited: 0 when it is at the head. */
    const lagSecondsOf = async (status: ProjectionStatus): Promise<number> => {
      if (BigInt(status.head) <= BigInt(status.position)) return 0;
      for await (const next of store.readAll({ fromPosition: BigInt(status.position), maxCount: 1 }))
        return Math.max(0, (clock.now().getTime() - Date.parse(next.metadata.occurredAt)) / 1000);
      return 0;
    };
    new Gauge({
      name: 'overgang_projection_stalled',
      help: '1 while the read model is stalled on an event it cannot fold',
      labelNames,
      registers,
      async collect() {
        const statuses = await engine.status();
        const { behind, failures, lagSeconds } = filled;
        this.reset();
        behind?.reset();
        failures?.reset();
        lagSeconds?.reset();
        for (const status of statuses) {
          this.set({ projection: status.name }, status.stalled ? 1 : 0);
          behind?.set({ projection: status.name }, Number(BigInt(status.head) - BigInt(status.position)));
          const open = engine.readModels.faults.open(status.name);
          failures?.set(
            { projection: status.name },
            open.reduce((sum, letter) => sum + letter.failures, 0),
          );
          lagSeconds?.set({ projection: status.name }, await lagSecondsOf(status));
        }
      },
    });
    filled.behind = new Gauge({
      name: 'overgang_projection_behind',
      help: "Positions between the read model's checkpoint and the newest event (events on the embedded store, log bytes on EventStoreDB)",
      labelNames,
      registers,
    });
    filled.lagSeconds = new Gauge({
      name: 'overgang_projection_lag_seconds',
      help: 'Seconds (business time) since the oldest event the read model has not folded yet was recorded; 0 when it is at the head',
      labelNames,
      registers,
    });
    filled.failures = new Gauge({
      name: 'overgang_projection_fold_failures',
      help: 'Failed attempts at the events the read model has not folded yet (its open dead letters: failing, stalled, retrying)',
      labelNames,
      registers,
    });
  }
}
