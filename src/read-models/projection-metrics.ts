import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { Metrics } from '../metrics/metrics';
import { ProjectionEngine } from '../projection-engine/projection-engine';

/**
 * Each read model in /metrics, read from the read-model file when scraped (so also when the projections run in
 * their own thread): how far behind it is, whether it is stalled, and how many times its dead letters failed.
 */
@Injectable()
export class ProjectionMetrics {
  constructor(metrics: Metrics, engine: ProjectionEngine) {
    // Registered after the gauge whose collect fills them: the registry asks each in the order they were made.
    const filled: { behind?: Gauge<'projection'>; failures?: Gauge<'projection'> } = {};
    const labelNames = ['projection'] as const;
    const registers = [metrics.registry];
    new Gauge({
      name: 'overgang_projection_stalled',
      help: '1 while the read model is stalled on an event it cannot fold',
      labelNames,
      registers,
      async collect() {
        const statuses = await engine.status();
        const { behind, failures } = filled;
        this.reset();
        behind?.reset();
        failures?.reset();
        for (const status of statuses) {
          this.set({ projection: status.name }, status.stalled ? 1 : 0);
          behind?.set({ projection: status.name }, Number(BigInt(status.head) - BigInt(status.position)));
          failures?.set({ projection: status.name }, 0);
        }
        for (const letter of engine.readModels.faults.list()) {
          if (letter.state === 'failing' || letter.state === 'stalled') failures?.inc({ projection: letter.projection }, letter.failures);
        }
      },
    });
    filled.behind = new Gauge({
      name: 'overgang_projection_behind',
      help: "Positions between the read model's checkpoint and the newest event (events on the embedded store, log bytes on EventStoreDB)",
      labelNames,
      registers,
    });
    filled.failures = new Gauge({
      name: 'overgang_projection_fold_failures',
      help: 'Failed attempts at the events the read model has not folded yet (failing or stalled dead letters)',
      labelNames,
      registers,
    });
  }
}
