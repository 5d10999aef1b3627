import { Readable } from 'node:stream';
import { END, type EventStoreDBClient, type ReadPosition } from '@eventstore/db-client';
import { EsdbEventStore, READ_PAGE, cancelling } from './esdb-event-store';

/**
 * These tests stub the client at its own API (readAll / readStream returning a StreamingRead). The stub is
 * not EventStoreDB: it checks what the adapter asks of the client and that it cancels what it abandons.
 * The adapter against a real server is test/esdb-event-store.contract-spec.ts (needs a container runtime).
 */
interface LogEntry {
  position: bigint;
  streamId: string;
  type: string;
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
  const reads: { kind: 'all' | 'stream'; options: { direction?: string; fromPosition?: ReadPosition | 'start' | 'end'; maxCount?: number }; read: StubRead }[] =
    [];
  const resolved = (entry: LogEntry) => ({
    event: {
      id: `id-${entry.position}`,
      type: entry.type,
      streamId: entry.streamId,
      revision: 0n,
      position: { commit: entry.position, prepare: entry.position },
      isJson: true,
      data: {},
      metadata: {},
    },
  });
  const client = {
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
  return { client: client as unknown as EventStoreDBClient, reads };
}

const userEvents = (count: number, start = 1000n, step = 200n): LogEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    position: start + BigInt(i) * step,
    streamId: `citizen-${i % 7}`,
    type: i % 3 === 0 ? 'UpdateInfoLetterSent' : 'NemIdIssued',
  }));

const storeOn = (log: LogEntry[]) => {
  const stub = stubClient(log);
  return { store: new EsdbEventStore({ connectionString: 'esdb://stub:2113?tls=false', client: stub.client }), reads: stub.reads };
};

describe('EsdbEventStore at the client boundary (client stubbed at its own API, not EventStoreDB)', () => {
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

  it('reads page after page, resuming each exactly where the last ended: no gap, no duplicate, filter applied here', async () => {
    const log = [...userEvents(2500), { position: 600_000n, streamId: '$stats-1', type: '$statsCollected' }, ...userEvents(10, 700_000n)];
    const { store, reads } = storeOn(log);
    const got: bigint[] = [];
    for await (const event of store.readAll({ filter: { streamPrefixes: ['citizen-'], eventTypes: ['UpdateInfoLetterSent'] } })) got.push(event.position);
    expect(got).toEqual(log.filter((e) => e.type === 'UpdateInfoLetterSent').map((e) => e.position));
    expect(reads.length).toBe(3);
    expect(reads.every((r) => r.options.maxCount === READ_PAGE && r.read.cancelled === 0)).toBe(true);
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
