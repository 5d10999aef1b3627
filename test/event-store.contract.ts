import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent, RecordedEvent, Subscription, SubscriptionMessage, WrongExpectedRevisionError } from '../src/event-store/event-store';
import { holdsWithin } from './support/until';

/** Where the port lets stores differ, what this one does (the port's note on NewEvent.id). */
export interface StoreTraits {
  /** Known ids appended again at another exact revision than the one they went in at. */
  reappendAtOtherRevision: 'ignored' | 'conflict';
}

/**
 * The behaviour every EventStore adapter must have, written only against the port.
 * Stream ids are unique per test so the suite can run against a shared server.
 */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore>, close: (store: EventStore) => Promise<void>, traits: StoreTraits) {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let prefix: string;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await close(store);
    });
    beforeEach(() => {
      prefix = `contract${randomUUID().replace(/-/g, '')}-`;
    });

    const event = (type = 'Something', data: unknown = { n: 1 }): NewEvent => ({
      id: randomUUID(),
      type,
      data,
      metadata: {
        occurredAt: '2022-10-31T09:00:00.000Z',
        correlationId: randomUUID(),
        causationId: randomUUID(),
        actor: { role: 'test', subject: 'contract' },
        schemaVersion: 1,
      },
    });
    const collect = async <T>(iterable: AsyncIterable<T>) => {
      const items: T[] = [];
      for await (const item of iterable) items.push(item);
      return items;
    };
    const rejection = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        return error;
      }
      throw new Error('expected the append to be refused');
    };

    it('appends to a new stream and reads the events back in order with data and metadata', async () => {
      const stream = `${prefix}a`;
      const events = [event('First', { a: 1, nested: { b: [1, 2] } }), event('Second', { text: 'æøå' })];
      const result = await store.append(stream, events, { expectedRevision: 'no_stream' });
      expect(result.nextRevision).toBe(1n);
      const read = await collect(store.readStream(stream));
      expect(read.map((e) => [e.id, e.type, e.data, e.metadata, e.revision, e.streamId])).toEqual([
        [events[0].id, 'First', { a: 1, nested: { b: [1, 2] } }, events[0].metadata, 0n, stream],
        [events[1].id, 'Second', { text: 'æøå' }, events[1].metadata, 1n, stream],
      ]);
      expect(read[1].position).toBe(result.position);
      expect(read[0].position < read[1].position).toBe(true);
    });

    it('reads a stream that does not exist as empty', async () => {
      expect(await collect(store.readStream(`${prefix}missing`))).toEqual([]);
    });

    it('checks an exact expected revision and reports the actual one', async () => {
      const stream = `${prefix}b`;
      await store.append(stream, [event(), event()], { expectedRevision: 'no_stream' });
      const error = await rejection(store.append(stream, [event()], { expectedRevision: 0n }));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actual).toBe(1n);
      const ok = await store.append(stream, [event()], { expectedRevision: 1n });
      expect(ok.nextRevision).toBe(2n);
    });

    it("refuses 'no_stream' for an existing stream and 'stream_exists' for a missing one; 'any' always appends", async () => {
      const stream = `${prefix}c`;
      expect(await rejection(store.append(stream, [event()], { expectedRevision: 'stream_exists' }))).toBeInstanceOf(WrongExpectedRevisionError);
      await store.append(stream, [event()], { expectedRevision: 'any' });
      expect(await rejection(store.append(stream, [event()], { expectedRevision: 'no_stream' }))).toBeInstanceOf(WrongExpectedRevisionError);
      await store.append(stream, [event()], { expectedRevision: 'stream_exists' });
      const result = await store.append(stream, [event()]);
      expect(result.nextRevision).toBe(2n);
    });

    it('treats appending the same events again as a no-op, even with a stale expected revision', async () => {
      const stream = `${prefix}d`;
      const events = [event(), event()];
      const first = await store.append(stream, events, { expectedRevision: 'no_stream' });
      const again = await store.append(stream, events, { expectedRevision: 'no_stream' });
      expect(again.nextRevision).toBe(first.nextRevision);
      const retryAny = await store.append(stream, events, { expectedRevision: 'any' });
      expect(retryAny.nextRevision).toBe(first.nextRevision);
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });

    it(`known ids appended again at another exact revision: ${traits.reappendAtOtherRevision}, as the port documents for this store`, async () => {
      const stream = `${prefix}stale`;
      const first = [event()];
      await store.append(stream, first, { expectedRevision: 'no_stream' });
      await store.append(stream, [event()], { expectedRevision: 0n });
      const again = store.append(stream, first, { expectedRevision: 0n });
      if (traits.reappendAtOtherRevision === 'ignored') await again;
      else expect(await rejection(again)).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });

    it('reads a stream backwards, from a revision, and at most maxCount events', async () => {
      const stream = `${prefix}e`;
      await store.append(
        stream,
        [0, 1, 2, 3, 4].map((n) => event('N', { n })),
      );
      const numbers = (events: RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);
      expect(numbers(await collect(store.readStream(stream, { direction: 'backwards' })))).toEqual([4, 3, 2, 1, 0]);
      expect(numbers(await collect(store.readStream(stream, { fromRevision: 2n })))).toEqual([2, 3, 4]);
      expect(numbers(await collect(store.readStream(stream, { fromRevision: 3n, direction: 'backwards', maxCount: 2 })))).toEqual([3, 2]);
      expect(numbers(await collect(store.readStream(stream, { maxCount: 2 })))).toEqual([0, 1]);
    });

    it('reads all events in global order after a checkpoint, filtered by stream prefix and type', async () => {
      await store.append(`${prefix}citizen-1`, [event('NemIdIssued'), event('MitIdCreated')]);
      await store.append(`${prefix}campaign-1`, [event('CampaignStarted')]);
      await store.append(`${prefix}citizen-2`, [event('NemIdIssued')]);
      const citizens = await collect(store.readAll({ filter: { streamPrefixes: [`${prefix}citizen-`] } }));
      expect(citizens.map((e) => [e.streamId, e.type])).toEqual([
        [`${prefix}citizen-1`, 'NemIdIssued'],
        [`${prefix}citizen-1`, 'MitIdCreated'],
        [`${prefix}citizen-2`, 'NemIdIssued'],
      ]);
      const positions = citizens.map((e) => e.position);
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      const afterFirst = await collect(store.readAll({ fromPosition: citizens[0].position, filter: { streamPrefixes: [`${prefix}citizen-`] } }));
      expect(afterFirst.map((e) => e.id)).toEqual(citizens.slice(1).map((e) => e.id));
      const issued = await collect(store.readAll({ filter: { streamPrefixes: [prefix], eventTypes: ['NemIdIssued'] } }));
      expect(issued.map((e) => e.streamId)).toEqual([`${prefix}citizen-1`, `${prefix}citizen-2`]);
      const limited = await collect(store.readAll({ maxCount: 1, filter: { streamPrefixes: [prefix] } }));
      expect(limited).toHaveLength(1);
    });

    it('reports the head position as the position of the newest event', async () => {
      const result = await store.append(`${prefix}head`, [event(), event()]);
      expect(await store.headPosition()).toBe(result.position);
    });

    describe('subscribeToAll', () => {
      /** Collects into `seen` (which the test may watch) until `until` holds or the subscription ends. */
      async function take(subscription: Subscription, until: (seen: SubscriptionMessage[]) => boolean, seen: SubscriptionMessage[] = []) {
        for await (const message of subscription) {
          seen.push(message);
          if (until(seen)) break;
        }
        return seen;
      }

      it('catches up, signals caught-up once, then delivers live events', async () => {
        const stream = `${prefix}live`;
        await store.append(stream, [event('Old')]);
        const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
        const watched: SubscriptionMessage[] = [];
        const received = take(subscription, (seen) => seen.filter((m) => m.kind === 'event').length === 3, watched);
        // Live from here on: what is appended now must arrive after the caught-up signal.
        await holdsWithin(() => watched.some((m) => m.kind === 'caught-up'));
        await store.append(stream, [event('New1')]);
        await store.append(stream, [event('New2')]);
        const seen = await received;
        await subscription.close();
        expect(seen.map((m) => (m.kind === 'event' ? m.event.type : 'caught-up'))).toEqual(['Old', 'caught-up', 'New1', 'New2']);
      });

      it('starts after the given checkpoint and applies the filter', async () => {
        const first = await store.append(`${prefix}x-1`, [event('A')]);
        await store.append(`${prefix}y-1`, [event('B')]);
        await store.append(`${prefix}x-2`, [event('C')]);
        const subscription = store.subscribeToAll({ fromPosition: first.position, filter: { streamPrefixes: [`${prefix}x-`] } });
        const seen = await take(subscription, (messages) => messages.some((m) => m.kind === 'caught-up'));
        await subscription.close();
        expect(seen.map((m) => (m.kind === 'event' ? m.event.type : m.kind))).toEqual(['C', 'caught-up']);
      });

      it('ends iteration when closed while waiting for live events', async () => {
        const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
        const watched: SubscriptionMessage[] = [];
        const iteration = take(subscription, () => false, watched);
        // Caught up, so now waiting for live events.
        await holdsWithin(() => watched.some((m) => m.kind === 'caught-up'));
        await subscription.close();
        const seen = await iteration;
        expect(seen).toEqual([expect.objectContaining({ kind: 'caught-up' })]);
      });
    });

    describe('concurrent appends', () => {
      it('commits many appends to different streams together, each with its own result', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.append(`${prefix}many-${i}`, [event()], { expectedRevision: 'no_stream' })),
        );
        expect(results.every((r) => r.nextRevision === 0n)).toBe(true);
        expect(new Set(results.map((r) => r.position)).size).toBe(50);
      });

      it('fails only the conflicting append when two race for the same revision', async () => {
        const stream = `${prefix}race`;
        const others = Array.from({ length: 5 }, (_, i) => store.append(`${prefix}bystander-${i}`, [event()]));
        const outcomes = await Promise.allSettled([
          store.append(stream, [event('Winner')], { expectedRevision: 'no_stream' }),
          store.append(stream, [event('Loser')], { expectedRevision: 'no_stream' }),
          ...others,
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
        expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['Winner']);
      });
    });

    describe('another instance, a restart', () => {
      const untilCaughtUp = async (subscription: Subscription) => {
        const ids: string[] = [];
        for await (const message of subscription) {
          if (message.kind === 'caught-up') break;
          ids.push(message.event.id);
        }
        await subscription.close();
        return ids;
      };
      /** Fails instead of hanging: a store whose connection is exhausted would never answer. */
      const within = <T>(ms: number, work: Promise<T>) =>
        Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

      it('a new instance resumes readAll and subscribeToAll from a checkpoint written by another, after more than 1 MiB of events: no gap, no duplicate', async () => {
        const stream = `${prefix}big`;
        const events = Array.from({ length: 320 }, (_, i) => event('Big', { i, padding: 'x'.repeat(4096) }));
        for (let i = 0; i < events.length; i += 40) await store.append(stream, events.slice(i, i + 40));
        const written = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
        expect(written.map((e) => e.id)).toEqual(events.map((e) => e.id));
        const checkpoint = written[299].position;
        // More than EventStoreDB's 1 MiB largest append lies before the checkpoint (an old resumption rewound that far).
        expect(JSON.stringify(written.slice(0, 300).map((e) => e.data)).length).toBeGreaterThan(1_048_576);

        const other = await open();
        try {
          const after = events.slice(300).map((e) => e.id);
          expect((await collect(other.readAll({ fromPosition: checkpoint, filter: { streamPrefixes: [prefix] } }))).map((e) => e.id)).toEqual(after);
          expect(await untilCaughtUp(other.subscribeToAll({ fromPosition: checkpoint, filter: { streamPrefixes: [prefix] } }))).toEqual(after);
        } finally {
          await other.close();
        }
      });

      it('500 reads abandoned after their first event leave the store answering: an append and a full read still succeed', async () => {
        const stream = `${prefix}abandoned`;
        await store.append(stream, [event(), event(), event()]);
        for (let i = 0; i < 250; i++) {
          for await (const _ of store.readAll({ filter: { streamPrefixes: [prefix] } })) break;
          for await (const _ of store.readStream(stream)) break;
        }
        await within(5_000, store.append(stream, [event('After')], { expectedRevision: 2n }));
        expect((await within(5_000, collect(store.readStream(stream)))).map((e) => e.type)).toEqual(['Something', 'Something', 'Something', 'After']);
      });

      it('a delivery result re-appended at the same revision after a restart records nothing new', async () => {
        const stream = `${prefix}letter`;
        await store.append(stream, [event('NemIdIssued'), event('UpdateInfoLetterSent')], { expectedRevision: 'no_stream' });
        const result = event('DigitalPostDelivered');
        await store.append(stream, [result], { expectedRevision: 1n });
        const restarted = await open();
        try {
          await restarted.append(stream, [result], { expectedRevision: 1n });
          expect((await collect(restarted.readStream(stream))).map((e) => e.type)).toEqual(['NemIdIssued', 'UpdateInfoLetterSent', 'DigitalPostDelivered']);
        } finally {
          await restarted.close();
        }
      });
    });
  });
}
