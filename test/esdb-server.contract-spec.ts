import { randomUUID } from 'node:crypto';
import { binaryEvent } from '@eventstore/db-client';
import { CompetingConsumerOptions } from '../src/event-store/competing-consumers';
import { EsdbEventStore } from '../src/event-store/esdb/esdb-event-store';
import { PersistentSubscriptionConsumers } from '../src/event-store/esdb/persistent-subscription-consumer';
import { RecordedEvent } from '../src/event-store/event-store';
import { AppendTooLarge, StreamDeleted } from '../src/event-store/store-errors';
import { EventStoreDbServer, describeWithEventStoreDb, startEventStoreDb } from './support/eventstoredb';
import { testEvent as event } from './support/events';
import { holdsWithin, until } from './support/until';

jest.setTimeout(240_000);

/**
 * What only an EventStoreDB server settles (issue 48): each check runs against a real node in a container, in
 * .github/workflows/eventstoredb.yml; without a container runtime the suite is skipped and says so.
 */
describeWithEventStoreDb('EventStoreDB adapter against the server (testcontainers)', () => {
  let server: EventStoreDbServer;
  let store: EsdbEventStore;

  beforeAll(async () => {
    server = await startEventStoreDb();
    store = new EsdbEventStore({ connectionString: server.connectionString });
  }, 240_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  }, 60_000);

  const unique = (name: string) => `${name}${randomUUID().replace(/-/g, '')}`;

  it('the first append to a node that answers live but may not lead yet succeeds, after retries if need be', async () => {
    const fresh = await startEventStoreDb();
    const early = new EsdbEventStore({ connectionString: fresh.connectionString });
    try {
      await expect(early.append(unique('ready-'), [event('Something')], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextRevision: 0n });
      const again = new EsdbEventStore({ connectionString: await fresh.restart() });
      try {
        await expect(again.append(unique('restarted-'), [event('Something')], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextRevision: 0n });
      } finally {
        await again.close();
      }
    } finally {
      await early.close();
      await fresh.stop();
    }
  });

  it("a binary event at a stream's end is counted: the next append at the revision read succeeds", async () => {
    const stream = unique('citizen-binary-');
    await store.append(stream, [event('NemIdIssued')], { expectedRevision: 'no_stream' });
    await store.grpcClient.appendToStream(stream, binaryEvent({ type: 'ScannedForm', data: new Uint8Array([1, 2, 3]) }));
    let revision = -1n;
    for await (const recorded of store.readStream(stream)) revision = recorded.revision;
    expect(revision).toBe(1n);
    await expect(store.append(stream, [event('LetterSent')], { expectedRevision: revision })).resolves.toMatchObject({ nextRevision: 2n });
  });

  it('a tombstoned stream and an append over the size limit give typed errors, not 500s', async () => {
    const stream = unique('citizen-gone-');
    await store.append(stream, [event('NemIdIssued')], { expectedRevision: 'no_stream' });
    await store.grpcClient.tombstoneStream(stream);
    await expect(store.append(stream, [event('LetterSent')])).rejects.toBeInstanceOf(StreamDeleted);
    const large = event('Large', { text: 'x'.repeat(1.1 * 1024 * 1024) });
    await expect(store.append(unique('large-'), [large])).rejects.toBeInstanceOf(AppendTooLarge);
  });

  it('a filtered read passes 50 000 unrelated events after a checkpoint on the server: one subscription, no forward page here', async () => {
    const checkpoint = (await store.append(unique('marker-'), [event('Marker')])).position;
    for (let batch = 0; batch < 100; batch++) {
      await store.append(
        unique('unrelated-'),
        Array.from({ length: 500 }, () => event('Unrelated')),
      );
    }
    const wanted = await store.append(unique('citizen-rare-'), [event(unique('Rare'))]);
    const readAll = jest.spyOn(store.grpcClient, 'readAll');
    const subscribe = jest.spyOn(store.grpcClient, 'subscribeToAll');
    const found: RecordedEvent[] = [];
    const began = Date.now();
    for await (const recorded of store.readAll({ fromPosition: checkpoint, filter: { eventTypes: ['Marker', 'NoSuchType'] } })) found.push(recorded);
    expect(found).toEqual([]);
    for await (const recorded of store.readAll({ fromPosition: checkpoint, maxCount: 1, filter: { streamPrefixes: ['citizen-rare-'] } })) found.push(recorded);
    expect(found.map((e) => e.position)).toEqual([wanted.position]);
    expect(Date.now() - began).toBeLessThan(30_000);
    expect(subscribe).toHaveBeenCalledTimes(2);
    expect(readAll.mock.calls.every(([options]) => options?.direction === 'backwards')).toBe(true);
    readAll.mockRestore();
    subscribe.mockRestore();
  });

  describe('persistent subscription groups', () => {
    const consumerOf = (base: string, eventTypes: string[], seen: RecordedEvent[], messageTimeoutMs = 30_000, drops?: { count: number }) =>
      new PersistentSubscriptionConsumers(store.grpcClient, { resubscribe: { initialDelayMs: 100, onDropped: () => drops && drops.count++ } }).consumer({
        group: base,
        filter: { eventTypes },
        messageTimeoutMs,
        handle: async (recorded) => void seen.push(recorded),
      } satisfies CompetingConsumerOptions);

    it('a widened filter delivers the new type after a restart, stored before it or after', async () => {
      const base = unique('letters-');
      const [known, added] = [unique('LetterSent'), unique('PaperLetterSent')];
      const seen: RecordedEvent[] = [];
      const before = consumerOf(base, [known], seen);
      await before.start();
      await store.append(unique('citizen-'), [event(known), event(added)]);
      await holdsWithin(() => seen.some((e) => e.type === known), 60_000);
      await before.stop();
      expect(seen.map((e) => e.type)).not.toContain(added);
      const after = consumerOf(base, [known, added], seen);
      await after.start();
      await store.append(unique('citizen-'), [event(added)]);
      await holdsWithin(() => seen.filter((e) => e.type === added).length === 2, 60_000);
      await after.stop();
    });

    it('two builds with different settings side by side keep their own groups: neither drops the other', async () => {
      const base = unique('steps-');
      const type = unique('CampaignProgressed');
      const [seenOld, seenNew] = [[] as RecordedEvent[], [] as RecordedEvent[]];
      const [dropsOld, dropsNew] = [{ count: 0 }, { count: 0 }];
      const old = consumerOf(base, [type], seenOld, 20_000, dropsOld);
      const current = consumerOf(base, [type], seenNew, 40_000, dropsNew);
      await Promise.all([old.start(), current.start()]);
      for (let i = 0; i < 5; i++) await store.append(unique('campaign-'), [event(type)]);
      await holdsWithin(() => seenOld.length === 5 && seenNew.length === 5, 60_000);
      await Promise.all([old.stop(), current.stop()]);
      expect([dropsOld.count, dropsNew.count]).toEqual([0, 0]);
      const groups = (await store.grpcClient.listPersistentSubscriptionsToAll()).map((g) => g.groupName).filter((name) => name.startsWith(base));
      expect(new Set(groups)).toEqual(new Set([old.identity.name, current.identity.name]));
      // The old build's group goes once the server counts no reader on it and the new group has checkpointed past it.
      expect(
        await until(
          () => current.retireSuperseded(),
          (retired) => retired.length > 0,
          60_000,
        ),
      ).toEqual([old.identity.name]);
    });
  });
});
