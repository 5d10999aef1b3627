import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_METADATA, testEvent as event } from '../../../test/support/events';
import { until } from '../../../test/support/until';
import { StorageFault } from '../../storage/sqlite-file';
import { RecordedEvent, SubscriptionMessage, WrongExpectedRevisionError } from '../event-store';
import { EVENT_STORE_MIGRATIONS } from './schema';
import { Commit, SqliteEventStore } from './sqlite-event-store';

const collect = async <T>(items: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};
/** An event's fields by name: its id and metadata are accessors, which a spread leaves out. */
const byName = ({ position, id, streamId, revision, type, data, metadata }: RecordedEvent) => ({ position, id, streamId, revision, type, data, metadata });

describe('SqliteEventStore (file behaviour)', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'overgang-sqlite-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps events and stream revisions across a close and reopen', async () => {
    const path = join(directory, 'events.sqlite');
    const first = new SqliteEventStore({ path });
    await first.append('s-1', [event('A'), event('B')]);
    await first.close();
    const reopened = new SqliteEventStore({ path });
    const result = await reopened.append('s-1', [event('C')], { expectedRevision: 1n });
    expect(result.nextRevision).toBe(2n);
    await reopened.close();
  });

  it('tells of each commit: the appends issued in one turn are one commit, and a refused append is not counted in it', async () => {
    const commits: Commit[] = [];
    const store = new SqliteEventStore({ path: join(directory, 'events.sqlite'), onCommit: (commit) => commits.push(commit) });
    await store.append('s-1', [event('A')]);
    const together = await Promise.allSettled([
      store.append('s-2', [event('A')]),
      store.append('s-3', [event('A'), event('B')]),
      store.append('s-1', [event('B')], { expectedRevision: 'no_stream' }),
    ]);
    expect(together.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(commits.map((commit) => commit.appends)).toEqual([1, 2]);
    for (const commit of commits) expect(commit.seconds).toBeGreaterThan(0);
    await store.close();
  });

  it('brings a file of the layout before numbered layouts to the newest: drops the former table of streams, keeps every event', async () => {
    const path = join(directory, 'events.sqlite');
    const older = new Database(path);
    // Layout 0 as files written before layouts were numbered hold it, with a stale row in the table of
    // streams kept beside the events: the events say 1, the table 0.
    older.exec(`
      CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
        type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL);
      CREATE UNIQUE INDEX events_stream_revision ON events (stream_id, revision);
      CREATE UNIQUE INDEX events_id ON events (id);
      CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID;
    `);
    const insert = older.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, 0)');
    for (const [revision, type] of ['A', 'B'].entries()) insert.run(`id-${type}`, 's-1', revision, type, '{}', JSON.stringify(TEST_METADATA));
    older.prepare('INSERT INTO streams VALUES (?, ?)').run('s-1', 0);
    older.close();

    const reopened = new SqliteEventStore({ path });
    expect((await collect(reopened.readStream('s-1'))).map((e) => [e.id, e.type])).toEqual([
      ['id-A', 'A'],
      ['id-B', 'B'],
    ]);
    await expect(reopened.append('s-1', [event('C')], { expectedRevision: 0n })).rejects.toThrow(WrongExpectedRevisionError);
    await expect(reopened.append('s-1', [event('C')], { expectedRevision: 'no_stream' })).rejects.toThrow(WrongExpectedRevisionError);
    expect((await reopened.append('s-1', [event('C')], { expectedRevision: 1n })).nextRevision).toBe(2n);
    await reopened.close();
    const tables = new Database(path, { readonly: true });
    expect(tables.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['events']);
    expect(tables.pragma('user_version', { simple: true })).toBe(EVENT_STORE_MIGRATIONS.length);
    tables.close();
  });

  it('refuses a file of a newer layout than it knows, naming the file', () => {
    const path = join(directory, 'events.sqlite');
    const newer = new Database(path);
    newer.pragma(`user_version = ${EVENT_STORE_MIGRATIONS.length + 1}`);
    newer.close();
    expect(() => new SqliteEventStore({ path })).toThrow(
      new StorageFault(
        `${path} has layout ${EVENT_STORE_MIGRATIONS.length + 1}, newer than this version of the service knows (${EVENT_STORE_MIGRATIONS.length}): run the version that wrote it, or restore a backup`,
      ),
    );
  });

  it('lets a subscriber see events appended by another connection to the same file (e.g. the CLI)', async () => {
    const path = join(directory, 'events.sqlite');
    const server = new SqliteEventStore({ path, pollIntervalMs: 20 });
    const cli = new SqliteEventStore({ path });
    const subscription = server.subscribeToAll();
    const seen: SubscriptionMessage[] = [];
    const done = (async () => {
      for await (const message of subscription) {
        seen.push(message);
        if (message.kind === 'event') break;
      }
    })();
    // Live, not catching up: only polling can bring the other connection's event now.
    await until(
      async () => seen.length,
      (n) => n >= 1,
      2_000,
    );
    await cli.append('s-2', [event('FromCli')]);
    await done;
    expect(seen.map((m) => (m.kind === 'event' ? m.event.type : m.kind))).toEqual(['caught-up', 'FromCli']);
    await subscription.close();
    await cli.close();
    await server.close();
  });

  it('wakes its subscribers at once when told another connection appended, without waiting out the poll', async () => {
    const path = join(directory, 'events.sqlite');
    const reader = new SqliteEventStore({ path, pollIntervalMs: 60_000 });
    const writer = new SqliteEventStore({ path });
    const subscription = reader.subscribeToAll();
    const seen: string[] = [];
    const done = (async () => {
      for await (const message of subscription) {
        seen.push(message.kind === 'event' ? message.event.type : message.kind);
        if (message.kind === 'event') break;
      }
    })();
    await until(
      async () => seen.length,
      (n) => n >= 1,
      2_000,
    );
    await writer.append('s-3', [event('Elsewhere')]);
    reader.notifyAppended();
    await done;
    expect(seen).toEqual(['caught-up', 'Elsewhere']);
    await subscription.close();
    await writer.close();
    await reader.close();
  });

  it('is not woken to read by commits that wrote nothing its filter passes; a commit that did wakes it at once', async () => {
    const store = new SqliteEventStore({ path: join(directory, 'events.sqlite'), pollIntervalMs: 60_000 });
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: ['citizen-'], eventTypes: ['Wanted'] } });
    const seen: string[] = [];
    const done = (async () => {
      for await (const message of subscription) {
        seen.push(message.kind === 'event' ? message.event.type : message.kind);
        if (message.kind === 'event') break;
      }
    })();
    try {
      await until(
        async () => seen.length,
        (n) => n >= 1,
        2_000,
      );
      const reads = jest.spyOn((store as unknown as { readers: { readPage: () => unknown } }).readers, 'readPage');
      for (let i = 0; i < 10; i++) await store.append(`citizen-${i}`, [event('Unwanted')]);
      await store.append('campaign-1', [event('Wanted')]);
      // Told of another connection's commit, and what it wrote.
      store.notifyAppended([{ streamId: 'citizen-x', types: ['Unwanted'] }]);
      // A subscription woken by any of them would have read by the next turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      expect(reads).not.toHaveBeenCalled();
      await store.append('citizen-w', [event('Unwanted'), event('Wanted')]);
      await done;
      expect(seen).toEqual(['caught-up', 'Wanted']);
      expect(reads).toHaveBeenCalled();
    } finally {
      await subscription.close();
      await store.close();
    }
  });

  it('reads streams in pages of any count asked for, and refuses a count that is not a positive whole number', async () => {
    const store = new SqliteEventStore({ path: join(directory, 'events.sqlite') });
    await store.append(
      's-4',
      Array.from({ length: 2_500 }, (_, i) => event(`E${i}`)),
    );
    const read = async (maxCount?: number, fromRevision?: bigint) => {
      const types: string[] = [];
      for await (const recorded of store.readStream('s-4', { maxCount, fromRevision })) types.push(recorded.type);
      return types;
    };
    expect(await read()).toHaveLength(2_500);
    expect(await read(1_001)).toHaveLength(1_001);
    expect(await read(3, 2_498n)).toEqual(['E2498', 'E2499']);
    await expect(read(2.5)).rejects.toThrow(RangeError);
    await store.close();
  });

  it('reads a set of streams stream after stream, each in revision order, up to a position and of the types asked for', async () => {
    const store = new SqliteEventStore({ path: join(directory, 'events.sqlite') });
    // Interleaved as a population's life is: each stream's events far apart in the global order.
    const appended: { streamId: string; type: string; position: bigint }[] = [];
    const append = async (streamId: string, types: string[]) => {
      const { position } = await store.append(
        streamId,
        types.map((type) => event(type)),
      );
      types.forEach((type, i) => appended.push({ streamId, type, position: position - BigInt(types.length - 1 - i) }));
    };
    // More of one stream's events than a page holds (1 000), so the reading resumes inside a stream.
    for (let i = 0; i < 24; i++) {
      await append(
        'citizen-b',
        Array.from({ length: 100 }, (_, j) => (j % 2 ? 'Kept' : 'Skipped')),
      );
      for (const streamId of ['citizen-a', 'citizen-aa', 'campaign-x']) await append(streamId, ['Kept']);
    }
    const head = await store.headPosition();
    await append('citizen-a', ['Kept']);
    const read: typeof appended = [];
    const whole = new Map<bigint, RecordedEvent>();
    for await (const e of store.readAll()) whole.set(e.position, e);
    for await (const page of store.readStreamsInOrder({ streamPrefixes: ['citizen-a', 'citizen-'], eventTypes: ['Kept'], toPosition: head })) {
      expect(page.length).toBeGreaterThan(0);
      read.push(...page.map((e) => ({ streamId: e.streamId, type: e.type, position: e.position })));
      // Each event whole, its id and metadata too, though the reading leaves them until asked for.
      for (const e of page) expect(byName(e)).toEqual(byName(whole.get(e.position)!));
    }
    const expected = appended
      .filter((e) => e.streamId.startsWith('citizen-') && e.type === 'Kept' && e.position <= head)
      .sort((x, y) => (x.streamId < y.streamId ? -1 : x.streamId > y.streamId ? 1 : Number(x.position - y.position)));
    expect(read).toEqual(expected);
    expect(read.filter((e) => e.streamId === 'citizen-b')).toHaveLength(1_200);
    await store.close();
  });

  it('cuts a set of streams into runs of equal numbers of events that, read one by one, give every event once', async () => {
    const store = new SqliteEventStore({ path: join(directory, 'events.sqlite') });
    for (let i = 0; i < 100; i++) await store.append(`citizen-${String(i).padStart(3, '0')}`, [event('A'), event('B')]);
    await store.append('campaign-x', [event('A')]);
    const { events, cuts } = await store.splitStreams(['citizen-'], 4);
    expect(events).toBe(200);
    expect(cuts).toEqual(['citizen-025', 'citizen-050', 'citizen-075']);

    const toPosition = await store.headPosition();
    const read = async (streamIds: { from?: string; before?: string }) => {
      const ids: string[] = [];
      for await (const page of store.readStreamsInOrder({ streamPrefixes: ['citizen-'], toPosition, streamIds }))
        ids.push(...page.map((e) => `${e.streamId}/${e.revision}`));
      return ids;
    };
    const runs = await Promise.all([undefined, ...cuts].map((from, i) => read({ from, before: cuts[i] })));
    expect(runs.map((run) => run.length)).toEqual([50, 50, 50, 50]);
    expect(runs.flat()).toEqual(await read({}));
    await store.close();
  });

  it('splits a log too long to read whole by a sample of it: streams of many events count for more, and other streams for none', async () => {
    const store = new SqliteEventStore({ path: join(directory, 'events.sqlite') });
    // The first half of the streams hold one event each, the second half eleven: appended in rounds, as a population's
    // life goes, among about as many events of another prefix.
    const sizes = Array.from({ length: 120 }, (_, i) => (i < 60 ? 1 : 11));
    for (let round = 0; round < 11; round++) {
      for (const [i, size] of sizes.entries()) if (round < size) await store.append(`citizen-${String(i).padStart(3, '0')}`, [event('A')]);
      for (let i = 0; i < 70; i++) await store.append(`campaign-${i}`, [event('A')]);
    }
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const shares = 4;
    expect(Number(await store.headPosition())).toBeGreaterThan(shares * 64 * 2);

    const { events, cuts } = await store.splitStreams(['citizen-'], shares);
    expect(Math.abs(events - total)).toBeLessThan(total * 0.1);
    const counts = [undefined, ...cuts].map((from, i) =>
      sizes
        .filter((_, s) => {
          const id = `citizen-${String(s).padStart(3, '0')}`;
          return (from === undefined || id >= from) && (cuts[i] === undefined || id < cuts[i]);
        })
        .reduce((sum, size) => sum + size, 0),
    );
    expect(counts).toHaveLength(shares);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(total);
    for (const count of counts) expect(Math.abs(count - total / shares)).toBeLessThan((total / shares) * 0.25);
    await store.close();
  });
});
