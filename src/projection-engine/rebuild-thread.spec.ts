import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { citizenStatus, foldPartitions } from '../../projections';
import { statusesOf } from '../../test/support/citizen-histories';
import { testEvent } from '../../test/support/events';
import { RecordedEvent } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from './projection-runner';
import { ReadModelStore } from './read-model-store';
import { RebuildHelper, RebuildThread } from './rebuild-thread';
import { rangesBetween } from './stream-rebuild';

const CITIZENS = 120;
const citizen = (i: number) => `citizen-${String(i).padStart(3, '0')}`;

describe('a rebuild with a helper thread', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelStore;
  const files = () => ({ eventsPath: join(dir, 'events.sqlite'), readModelsPath: join(dir, 'read.sqlite') });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-rebuild-thread-'));
    store = new SqliteEventStore({ path: files().eventsPath });
    // Stage by stage, so each citizen's events lie apart in the log.
    for (let i = 0; i < CITIZENS; i++) {
      await store.append(citizen(i), [
        testEvent('NemIdIssued', {
          protectedCpr: 'x',
          issuedOn: '2021-01-01',
          identification: 'photo-id',
          identityConfirmedBy: 'security-questions',
          authenticator: 'code-card',
          profile: {
            needsInfoUpdate: i % 2 === 0,
            danishPassport: false,
            digitalPostExempt: false,
            residesAbroad: false,
            addressProtected: false,
            visualImpairment: 'none',
          },
        }),
      ]);
    }
    for (let i = 0; i < CITIZENS; i += 3) await store.append(citizen(i), [testEvent('MitIdCreated', { createdOn: '2022-01-01', route: 'bank' })]);
    readModels = new ReadModelStore(files().readModelsPath);
    readModels.register(citizenStatus);
  });

  afterEach(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const foldOfTheEvents = async () => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll()) events.push(event);
    return foldPartitions(citizenStatus, events);
  };
  const rows = () => new Map(readModels.find<{ citizenId: string }>('citizen-status', {}, { limit: 1000 }).items.map((row) => [row.citizenId, row]));
  const tables = () => {
    const db = new Database(files().readModelsPath, { readonly: true });
    try {
      return db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((t) => t.name);
    } finally {
      db.close();
    }
  };

  /** The columns of the read model's query indexes, one entry per index. */
  const indexedColumns = () => {
    const db = new Database(files().readModelsPath, { readonly: true });
    try {
      return db
        .prepare<[], { column: string }>(
          "SELECT i.name AS 'column' FROM pragma_index_list('rm_citizen_status') AS l, pragma_index_info(l.name) AS i WHERE l.origin = 'c' AND i.seqno = 0 ORDER BY i.name",
        )
        .all()
        .map((r) => r.column);
    } finally {
      db.close();
    }
  };

  it('indexes the rows as they go in: the read model keeps its indexes until the swap, and gains no second set', async () => {
    const everyColumn = Object.keys(citizenStatus.indexes).sort();
    expect(indexedColumns()).toEqual(everyColumn);
    let during: string[] = [];
    // Looks at the file while the rebuild runs, and leaves every run to the runner.
    const watching: RebuildHelper = {
      minimumEvents: 1,
      rebuild: () => {
        during = indexedColumns();
        return { done: Promise.resolve(), stop: () => undefined };
      },
    };
    const runner = new ProjectionRunner(store, readModels, citizenStatus, { batchSize: 5, helper: watching });
    runner.start();
    await runner.caughtUp();
    await runner.stop();
    expect(during).toEqual(everyColumn);
    expect(indexedColumns()).toEqual(everyColumn);
    expect(rows()).toEqual(await foldOfTheEvents());
  }, 30_000);

  it('folds every run of streams it claims into the rebuild, on its own connections', async () => {
    const rebuild = readModels.beginRebuild('citizen-status');
    const { cuts } = await store.splitStreams(['citizen-'], 4);
    const claim = new Int32Array(new SharedArrayBuffer(4));
    const writing = new Int32Array(new SharedArrayBuffer(4));
    let progress = 0;
    const helping = new RebuildThread(files()).rebuild(
      { projection: 'citizen-status', table: rebuild.table, toPosition: await store.headPosition(), ranges: rangesBetween(cuts), claim, writing, batchSize: 7 },
      (events) => (progress += events),
    );
    await helping.done;
    expect(claim[0]).toBeGreaterThanOrEqual(4);
    expect(progress).toBe(CITIZENS + CITIZENS / 3);
    rebuild.finish(await store.headPosition());
    const fold = await foldOfTheEvents();
    expect(rows()).toEqual(fold);
    expect(readModels.countBy('citizen-status', 'status')).toEqual(statusesOf(fold.values()));
  }, 30_000);

  it('gives the fold of the events when the runner and the thread share the streams', async () => {
    const runner = new ProjectionRunner(store, readModels, citizenStatus, { batchSize: 5, helper: new RebuildThread(files(), 1) });
    runner.start();
    await runner.caughtUp();
    await runner.stop();
    expect(rows()).toEqual(await foldOfTheEvents());
    expect(readModels.checkpoint('citizen-status').position).toBe(await store.headPosition());
  }, 30_000);

  it('fails the rebuild and leaves nothing behind when the helper fails', async () => {
    const failing: RebuildHelper = {
      minimumEvents: 1,
      rebuild: () => ({ done: Promise.reject(new Error('the helper ran out of memory')), stop: () => undefined }),
    };
    const runner = new ProjectionRunner(store, readModels, citizenStatus, { helper: failing, stopOnError: true });
    runner.start();
    await expect(runner.caughtUp()).rejects.toThrow('the helper ran out of memory');
    await runner.stop();
    expect(readModels.checkpoint('citizen-status').position).toBe(0n);
    expect(tables()).toEqual(['projection_checkpoints', 'projection_faults', 'projection_stall_policies', 'rm_citizen_status', 'rm_citizen_status__counts']);
    expect(readModels.count('citizen-status', {})).toBe(0);
  });
});
