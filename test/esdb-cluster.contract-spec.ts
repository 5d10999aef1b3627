import { randomUUID } from 'node:crypto';
import { EsdbEventStore } from '../src/event-store/esdb/esdb-event-store';
import { PersistentSubscriptionConsumers } from '../src/event-store/esdb/persistent-subscription-consumer';
import { RecordedEvent } from '../src/event-store/event-store';
import { testEvent as event } from './support/events';
import { until } from './support/until';

jest.setTimeout(300_000);

/**
 * Failover on a three-node cluster: the compose file's cluster profile, started by the Docker workflow, which gives
 * its gossip seeds in ESDB_CLUSTER_URL. Anywhere else the suite is skipped and says so.
 */
const clusterUrl = process.env.ESDB_CLUSTER_URL;
const describeOnCluster = clusterUrl ? describe : describe.skip;
if (!clusterUrl) process.stdout.write('\nSKIPPED "EventStoreDB cluster failover": ESDB_CLUSTER_URL is not set (the Docker workflow starts the cluster)\n');

/** The nodes' HTTP addresses, from the connection string's gossip seeds. */
const nodesOf = (url: string) =>
  url
    .replace(/^esdb:\/\//, '')
    .split('?')[0]
    .split(',');

async function leaderOf(nodes: string[]): Promise<string | undefined> {
  for (const node of nodes) {
    const info = await fetch(`http://${node}/info`).then(
      (response) => response.text(),
      () => '',
    );
    if (/"state"\s*:\s*"leader"/i.test(info)) return node;
  }
  return undefined;
}

describeOnCluster('EventStoreDB cluster failover (compose cluster profile)', () => {
  it('survives a leader resignation: a command reads its own write from the new leader, and a consumer resumes', async () => {
    const url = clusterUrl!;
    const nodes = nodesOf(url);
    const store = new EsdbEventStore({ connectionString: `${url}&nodePreference=leader` });
    const type = `Letter${randomUUID().replace(/-/g, '')}`;
    const seen: RecordedEvent[] = [];
    const consumer = new PersistentSubscriptionConsumers(store.grpcClient, { resubscribe: { initialDelayMs: 200, maxDelayMs: 2_000 } }).consumer({
      group: `failover-${randomUUID()}`,
      filter: { eventTypes: [type] },
      messageTimeoutMs: 10_000,
      handle: async (recorded) => void seen.push(recorded),
    });
    try {
      await consumer.start();
      const stream = `citizen-failover-${randomUUID()}`;
      await store.append(stream, [event(type)], { expectedRevision: 'no_stream' });
      expect(
        await until(
          async () => seen.length,
          (count) => count >= 1,
          60_000,
        ),
      ).toBeGreaterThanOrEqual(1);

      const leader = await leaderOf(nodes);
      expect(leader).toBeDefined();
      const resigned = await fetch(`http://${leader}/admin/node/resign`, { method: 'POST' });
      expect(resigned.ok).toBe(true);
      const next = await until(
        () => leaderOf(nodes),
        (node) => node !== undefined && node !== leader,
        60_000,
      );
      expect(next).not.toBe(leader);

      // The append after the election goes to the new leader, after retries if the old one still answers NotLeader.
      await store.append(stream, [event(type)], { expectedRevision: 0n });
      const revisions: bigint[] = [];
      for await (const recorded of store.readStream(stream)) revisions.push(recorded.revision);
      expect(revisions).toEqual([0n, 1n]);
      const delivered = await until(
        async () => new Set(seen.map((e) => e.id)).size,
        (count) => count >= 2,
        120_000,
      );
      expect(delivered).toBe(2);
    } finally {
      await consumer.stop();
      await store.close();
    }
  });
});
