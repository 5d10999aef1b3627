import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { Readable } from 'node:stream';
import { END, UnknownError, type EventStoreDBClient, type ReadPosition } from '@eventstore/db-client';
import { EventStoreUnavailable } from '../store-errors';
import { EsdbEventStore, READ_PAGE, cancelling } from './esdb-event-store';
import { UNREADABLE_EVENT_TYPE } from './recorded-event';

/**
 * These tests stub the client at its own API (readAll / readStream returning a StreamingRead). The stub is
 * not EventStoreDB: it checks what the adapter asks of the client and that it cancels what it abandons.
 * The adapter against a real server is test/esdb-event-store.contract-spec.ts (needs a container runtime).
 */
interface LogEntry {
  position: bigint;
  streamId: string;
  type: string;
  /** Written by another program as bytes, not JSON. */
  binary?: boolean;
  revision?: bigint;
}

class StubRead extends Readable {
  cancelled = 0;
  constructor(items: unknown[]) {
    super({ objectMode: true });
    for (const item of items) this.push(item);
    this.push(null);
  }
  override _read(): void {}
  async cancel(): Promise<void> {
    this.cancelled++;
    this.destroy();
  }
}

function stubClient(log: LogEntry[]) {
  const reads: {
    kind: 'all' | 'stream';
    options: { direction?: string; fromPosition?: ReadPosition | 'start' | 'end'; maxCount?: number; requiresLeader?: boolean; deadline?: number };
    read: StubRead;
  }[] = [];
  const resolved = (entry: LogEntry) => ({
    event: {
      id: `id-${entry.position}`,
      type: entry.type,
      streamId: entry.streamId,
      revision: entry.revision ?? 0n,
      position: { commit: entry.position, prepare: entry.position },
      created: new Date('2026-12-07T10:00:00Z'),
      isJson: !entry.binary,
      data: {},
      metadata: {},
    },
  });
  const subscriptions: { options: { fromPosition?: ReadPosition | 'start'; filter?: { regex?: string } }; stream: Readable & { unsubscribed: number } }[] = [];
  const client = {
    /** The server's side of a filtered subscription, played by the stub: events past the position whose type the regex takes, then caught up. */
    subscribeToAll(options: (typeof subscriptions)[number]['options']) {
      const from = typeof options.fromPosition === 'object' ? options.fromPosition.prepare : -1n;
      const regex = new RegExp(options.filter?.regex ?? '.*');
      const read = new StubRead(log.filter((e) => e.position >= from && regex.test(e.type)).map(resolved));
      const stream = Object.assign(read, {
        unsubscribed: 0,
        async unsubscribe() {
          stream.unsubscribed++;
          read.destroy();
        },
      });
      stream.pause();
      setImmediate(() => {
        stream.emit('caughtUp');
        stream.resume();
      });
      subscriptions.push({ options, stream });
      return stream;
    },
    readAll(options: (typeof reads)[number]['options']) {
      const backwards = options.direction === 'backwards';
      const from = options.fromPosition;
      const selected = backwards
        ? [...log].reverse().filter((e) => from === END || from === undefined || e.position <= (from as { prepare: bigint }).prepare)
        : log.filter((e) => typeof from !== 'object' || e.position >= from.prepare);
      const read = new StubRead(selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER).map(resolved));
      reads.push({ kind: 'all', options, read });
      return read;
    },
    readStream(streamId: string, options: (typeof reads)[number]['options']) {
      const read = new StubRead(
        log
          .filter((e) => e.streamId === streamId)
          .slice(0, options.maxCount)
          .map(resolved),
      );
      reads.push({ kind: 'stream', options, read });
      return read;
    },
  };
  return { client: client as unknown as EventStoreDBClient, reads, subscriptions };
}

const userEvents = (count: number, start = 1000n, step = 200n): LogEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    position: start + BigInt(i) * step,
    streamId: `citizen-${i % 7}`,
    type: i % 3 === 0 ? 'UpdateInfoLetterSent' : 'NemIdIssued',
  }));

const storeOn = (log: LogEntry[]) => {
  const stub = stubClient(log);
  return {
    store: new EsdbEventStore({ connectionString: 'esdb://stub:2113?tls=false', client: stub.client }),
    reads: stub.reads,
    subscriptions: stub.subscriptions,
  };
};

describe('EsdbEventStore at the client boundary (client stubbed at its own API, not EventStoreDB)', () => {
  it('reads a stream for a command from the leader, and every read with a deadline (client 6.x reads have none)', async () => {
    const { store, reads } = storeOn(userEvents(20));
    for await (const _ of store.readStream('citizen-1')) void _;
    for await (const _ of store.readAll({ maxCount: 3 })) void _;
    await store.ping();
    expect(reads.map((r) => [r.kind, r.options.requiresLeader ?? false, r.options.deadline])).toEqual([
      ['stream', true, 10_000],
      ['all', false, 30_000],
      ['all', false, 2_000],
    ]);
  });

  it("counts an event it cannot read (not JSON) at a stream's end, so a command appends after it instead of conflicting for ever", async () => {
    const log: LogEntry[] = [
      { position: 100n, streamId: 'citizen-1', type: 'NemIdIssued', revision: 0n },
      { position: 200n, streamId: 'citizen-1', type: 'ScannedForm', revision: 1n, binary: true },
    ];
    const { store } = storeOn(log);
    const read: { type: string; revision: bigint; data: unknown; occurredAt: string }[] = [];
    for await (const event of store.readStream('citizen-1'))
      read.push({ type: event.type, revision: event.revision, data: event.data, occurredAt: event.metadata.occurredAt });
    expect(read).toEqual([
      { type: 'NemIdIssued', revision: 0n, data: {}, occurredAt: undefined },
      { type: UNREADABLE_EVENT_TYPE, revision: 1n, data: { storedType: 'ScannedForm' }, occurredAt: '2026-12-07T10:00:00.000Z' },
    ]);
  });

  it('appends again, with the same event ids at the same expected revision, while the node is not ready', async () => {
    const appends: { ids: string[]; expectedRevision: unknown }[] = [];
    const failures = [new UnknownError(undefined, 'Could not recognize Server Is Not Ready')];
    const client = {
      appendToStream: async (_stream: string, events: { id: string }[], options: { expectedRevision: unknown }) => {
        appends.push({ ids: events.map((e) => e.id), expectedRevision: options.expectedRevision });
        const failure = failures.shift();
        if (failure) throw failure;
        return { nextExpectedRevision: 3n, position: { commit: 900n, prepare: 900n } };
      },
    } as unknown as EventStoreDBClient;
    const store = new EsdbEventStore({ connectionString: 'esdb://stub:2113', client, retries: { attempts: 3, initialDelayMs: 1, maxDelayMs: 1 } });
    const event = { id: '0193a1c2-0000-7000-8000-000000000001', type: 'NemIdIssued', data: {}, metadata: {} as never };
    await expect(store.append('citizen-1', [event], { expectedRevision: 2n })).resolves.toEqual({ nextRevision: 3n, position: 900n });
    expect(appends).toEqual([
      { ids: [event.id], expectedRevision: 2n },
      { ids: [event.id], expectedRevision: 2n },
    ]);
  });

  it('cancels a read its reader leaves early, and only then', async () => {
    const early = new StubRead([1, 2, 3]);
    for await (const _ of cancelling(early)) break;
    expect(early.cancelled).toBe(1);
    const whole = new StubRead([1, 2, 3]);
    const seen: unknown[] = [];
    for await (const item of cancelling(whole)) seen.push(item);
    expect([seen, whole.cancelled]).toEqual([[1, 2, 3], 0]);
  });

  it('a readAll abandoned after its first event cancels the gRPC read; every read names its count to the server', async () => {
    const { store, reads } = storeOn(userEvents(50));
    for await (const _ of store.readAll()) break;
    for await (const _ of store.readStream('citizen-1')) break;
    expect(reads.map((r) => [r.kind, r.read.cancelled])).toEqual([
      ['all', 1],
      ['stream', 1],
    ]);
    expect(reads[0].options.maxCount).toBe(READ_PAGE);
  });

  it('a bounded read without a filter asks the server for that many (and the checkpoint event, read again and skipped)', async () => {
    const log = userEvents(50);
    const { store, reads } = storeOn(log);
    const got: bigint[] = [];
    for await (const event of store.readAll({ fromPosition: log[9].position, maxCount: 5 })) got.push(event.position);
    expect(got).toEqual(log.slice(10, 15).map((e) => e.position));
    expect(reads.map((r) => [r.options.fromPosition, r.options.maxCount])).toEqual([[{ commit: log[9].position, prepare: log[9].position }, 6]]);
  });

  it("reads page after page, resuming each exactly where the last ended: no gap, no duplicate, EventStoreDB's own events left out", async () => {
    const log = [...userEvents(2500), { position: 600_000n, streamId: '$stats-1', type: '$statsCollected' }, ...userEvents(10, 700_000n)];
    const { store, reads } = storeOn(log);
    const got: bigint[] = [];
    for await (const event of store.readAll()) got.push(event.position);
    expect(got).toEqual(log.filter((e) => !e.streamId.startsWith('$')).map((e) => e.position));
    expect(reads.length).toBe(3);
    expect(reads.every((r) => r.options.maxCount === READ_PAGE && r.read.cancelled === 0)).toBe(true);
  });

  it('a filtered read leaves the filtering to the server (a filtered subscription from the checkpoint), ending at the head it began with', async () => {
    const log = [...userEvents(2500), { position: 600_000n, streamId: '$stats-1', type: '$statsCollected' }];
    const { store, reads, subscriptions } = storeOn(log);
    const got: bigint[] = [];
    const filter = { streamPrefixes: ['citizen-'], eventTypes: ['UpdateInfoLetterSent'] };
    for await (const event of store.readAll({ fromPosition: log[99].position, filter })) got.push(event.position);
    expect(got).toEqual(
      log
        .slice(100)
        .filter((e) => e.type === 'UpdateInfoLetterSent')
        .map((e) => e.position),
    );
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0].options.filter?.regex).toBe('^(?:UpdateInfoLetterSent)$');
    expect(subscriptions[0].options.fromPosition).toEqual({ commit: log[99].position, prepare: log[99].position });
    expect(subscriptions[0].stream.unsubscribed).toBe(1);
    // Only headPosition reads $all, backwards: no forward page brings unrelated events here.
    expect(reads.every((r) => r.options.direction === 'backwards')).toBe(true);
  });

  it('a filtered read that hears nothing from the server for a page deadline fails as the store not answering, and closes its subscription', async () => {
    const log = userEvents(10);
    const stub = stubClient(log);
    // The server's side goes silent: no events, no caught-up.
    stub.client.subscribeToAll = ((options: never) => {
      const stream = Object.assign(new Readable({ objectMode: true, read() {} }), { unsubscribe: async () => void stream.destroy() });
      stub.subscriptions.push({ options, stream: Object.assign(stream, { unsubscribed: 0 }) });
      return stream;
    }) as never;
    const store = new EsdbEventStore({ connectionString: 'esdb://stub:2113', client: stub.client, deadlines: { readPageMs: 100 } });
    const began = Date.now();
    const read = async () => {
      for await (const _ of store.readAll({ filter: { eventTypes: ['NemIdIssued'] } })) void _;
    };
    await expect(read()).rejects.toBeInstanceOf(EventStoreUnavailable);
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(stub.subscriptions[0].stream.destroyed).toBe(true);
  });

  it('a filtered read with a count stops there and closes its subscription', async () => {
    const { store, subscriptions } = storeOn(userEvents(300));
    const got: string[] = [];
    for await (const event of store.readAll({ maxCount: 1, filter: { eventTypes: ['NemIdIssued'] } })) got.push(event.type);
    expect(got).toEqual(['NemIdIssued']);
    expect(subscriptions[0].stream.unsubscribed).toBe(1);
  });

  it('a new instance resumes from a checkpoint it never saw: { commit: p, prepare: p }, nothing remembered, nothing earlier', async () => {
    const log = userEvents(30, 3n * 1_048_576n);
    const checkpoint = log[20].position;
    const { store, reads } = storeOn(log);
    const got: bigint[] = [];
    for await (const event of store.readAll({ fromPosition: checkpoint })) got.push(event.position);
    expect(got).toEqual(log.slice(21).map((e) => e.position));
    expect(reads[0].options.fromPosition).toEqual({ commit: checkpoint, prepare: checkpoint });
  });

  it("headPosition pages backwards past EventStoreDB's own events, and is 0 when there are only those", async () => {
    const user = userEvents(3);
    const links = Array.from({ length: 2500 }, (_, i) => ({ position: 10_000n + BigInt(i) * 10n, streamId: '$ce-citizen', type: '$>' }));
    const { store, reads } = storeOn([...user, ...links]);
    expect(await store.headPosition()).toBe(user[2].position);
    expect(reads.length).toBe(3);
    expect(reads.every((r) => r.options.maxCount === READ_PAGE)).toBe(true);
    expect(await storeOn(links).store.headPosition()).toBe(0n);
  });
});

describe('EsdbEventStore.ping against a node that accepts and never answers (the real client, a silent socket; not EventStoreDB)', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('gives up within its deadline as the store not answering, so /health answers instead of hanging', async () => {
    const { port } = silent.address() as AddressInfo;
    const store = new EsdbEventStore({ connectionString: `esdb://127.0.0.1:${port}?tls=false`, deadlines: { pingMs: 500 } });
    const began = Date.now();
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailable);
    expect(Date.now() - began).toBeLessThan(5_000);
    await store.close();
  }, 20_000);
});
