import { spawnSync } from 'node:child_process';
import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';

/** EventStoreDB 24.10, insecure, its projections off (as in docker-compose.yml: the service needs none of them). */
export const EVENTSTOREDB_IMAGE = 'eventstore/eventstore:24.10';

/**
 * Whether testcontainers finds a container runtime. Jest registers suites synchronously, so the
 * question is asked in a child process; its answer decides between running and a printed skip.
 */
function findContainerRuntime(): { available: true } | { available: false; reason: string } {
  const probe = spawnSync(
    process.execPath,
    ['-e', "require('testcontainers').getContainerRuntimeClient().then(() => console.log('ok'), (e) => console.log(e.message))"],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const answer = (probe.stdout || probe.stderr || String(probe.error ?? 'no answer')).trim();
  return answer === 'ok' ? { available: true } : { available: false, reason: answer };
}

const runtime = findContainerRuntime();

/** `describe` when a container runtime is there; otherwise the suite is skipped and says why. */
export function describeWithEventStoreDb(name: string, suite: () => void): void {
  if (runtime.available) {
    describe(name, suite);
    return;
  }
  process.stdout.write(`\nSKIPPED "${name}": no container runtime for ${EVENTSTOREDB_IMAGE} (testcontainers: ${runtime.reason})\n`);
  describe.skip(name, suite);
}

export interface EventStoreDbServer {
  connectionString: string;
  /** Restarts the node and gives its connection string again (the mapped port may change). */
  restart(): Promise<string>;
  stop(): Promise<void>;
}

export async function startEventStoreDb(): Promise<EventStoreDbServer> {
  const container: StartedTestContainer = await new GenericContainer(EVENTSTOREDB_IMAGE)
    .withEnvironment({
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_MEM_DB: 'true',
    })
    .withExposedPorts(2113)
    // Live is not leading: the first append can meet a node that is not ready, and the adapter's retries must carry it.
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status >= 200 && status < 300))
    .withStartupTimeout(180_000)
    .start();
  const connectionString = () => `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  return {
    connectionString: connectionString(),
    restart: async () => {
      await container.restart();
      return connectionString();
    },
    stop: async () => {
      await container.stop();
    },
  };
}
