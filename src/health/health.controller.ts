import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/roles';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { CLOCK } from '../clock/clock.module';
import { ServiceClock } from '../clock/service-clock';
import { Clock } from '../domain/clock';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { DataDisk } from '../storage/data-disk';
import { CITIZEN_KEY_STORE, CitizenKeyStore } from '../personal-data/citizen-key-store';
import { STORE_DAMAGED, StorageFault } from '../storage/sqlite-file';
import { CLUSTER_LINK, ClusterLink } from '../cluster/cluster-link';
import type { ProcessSlot } from '../cluster/cluster-messages';

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock & Partial<Pick<ServiceClock, 'isReal' | 'settings'>>,
    private readonly disk: DataDisk,
    private readonly readModels: ReadModelStore,
    @Inject(CITIZEN_KEY_STORE) private readonly keys: CitizenKeyStore,
    @Inject(CLUSTER_LINK) private readonly link: ClusterLink | null,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      // A rehearsal's business time is said on every health check, so nobody takes it for production.
      ...(this.clock.isReal === false
        ? [async () => this.indicators.check('clock').up({ businessTime: this.clock.now().toISOString(), rate: this.clock.settings?.rate ?? 1 })]
        : []),
      async () => {
        const indicator = this.indicators.check('eventStore');
        try {
          await this.store.ping();
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: error instanceof StorageFault ? STORE_DAMAGED : 'the event store does not answer' });
        }
      },
      // Without the citizens' keys no personal value can be sealed or read: no issuing, no letters.
      async () => {
        const indicator = this.indicators.check('keyStore');
        try {
          await this.keys.ping();
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: error instanceof StorageFault ? STORE_DAMAGED : 'the key store does not answer' });
        }
      },
      // A stalled read model answers with old data: down until an operator skips or retries its event (docs/operations.md).
      async () => {
        const indicator = this.indicators.check('projections');
        const stalled = this.readModels.faults.stalled();
        if (stalled.length === 0) return indicator.up();
        const message = stalled.map((l) => `${l.projection} stalled at position ${l.position} on ${l.eventType}: ${l.error}`).join('; ');
        return indicator.down({
          message,
          stalled: stalled.map(({ projection, position, eventType, error, failures }) => ({ projection, position, eventType, error, failures })),
        });
      },
      // Each of the service's processes (WEB_CONCURRENCY): down while one does not answer, or while the leader, which
      // folds the read models and runs the campaigns, is being replaced; a follower being replaced leaves the others serving.
      ...(this.link ? [() => this.processes(this.link!)] : []),
      // Reads still answer on a full disk; every change, and every opening of a record, is refused until there is room.
      async () => {
        const indicator = this.indicators.check('dataDisk');
        const { writable, reason, freeBytes } = this.disk.report();
        return writable ? indicator.up({ freeBytes }) : indicator.down({ message: `${reason} (${mebibytes(freeBytes)} MiB free)`, freeBytes });
      },
    ]);
  }

  private async processes(link: ClusterLink) {
    const indicator = this.indicators.check('processes');
    try {
      const { slots } = await link.gather('report');
      const problem = processesProblem(slots);
      return problem === undefined ? indicator.up({ answeredBy: link.slot, slots }) : indicator.down({ message: problem, answeredBy: link.slot, slots });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error), answeredBy: link.slot });
    }
  }
}

/** What is wrong with the processes, in one sentence, or undefined when nothing is. */
function processesProblem(slots: ProcessSlot[]): string | undefined {
  const wrong = slots.filter((slot) => slot.state === 'not answering' || (slot.state === 'restarting' && slot.role === 'leader'));
  return wrong.length === 0 ? undefined : wrong.map((slot) => `process ${slot.slot} (${slot.role}) is ${slot.state}`).join('; ');
}

const mebibytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
