import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECTIONS } from '../../projections';
import { issuedEvent } from '../../test/support/events';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from './projection-engine';
import { ReadModelStore } from './read-model-store';

/** Two processes on one data folder, each with its own connections: the leader runs the projections, the follower reads them. */
describe('a follower engine (another process runs the projections)', () => {
  let dir: string;
  let stores: SqliteEventStore[];
  let readModels: ReadModelStore[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-follower-'));
    stores = [0, 1].map(() => new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'NORMAL', pollIntervalMs: 20 }));
    readModels = [0, 1].map(() => new ReadModelStore(join(dir, 'read-models.sqlite')));
  });

  afterEach(async () => {
    for (const store of stores) await store.close();
    for (const file of readModels) file.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds nothing itself; caughtUp waits for the leader to fold what it appended', async () => {
    const leader = new ProjectionEngine(stores[0], readModels[0], PROJECTIONS);
    const follower = new ProjectionEngine(stores[1], readModels[1], PROJECTIONS, {}, undefined, true);
    await follower.start();
    for (let i = 0; i < 5; i++) await stores[1].append(`citizen-${i}`, [issuedEvent()]);

    const waited = follower.caughtUp('citizen-status').then(() => 'caught up');
    const beforeTheLeader = await Promise.race([waited, new Promise((resolve) => setTimeout(() => resolve('waiting'), 200))]);
    expect(beforeTheLeader).toBe('waiting');
    expect(readModels[1].count('citizen-status', {})).toBe(0);

    await leader.start();
    try {
      await expect(waited).resolves.toBe('caught up');
      expect(readModels[1].count('citizen-status', {})).toBe(5);
    } finally {
      await leader.stop();
      await follower.stop();
    }
  }, 20_000);
});
