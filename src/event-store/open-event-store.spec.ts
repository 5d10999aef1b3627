import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { openEventStore } from './open-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

describe('openEventStore', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'overgang-open-store-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens the embedded SQLite store in DATA_DIR when no EventStoreDB is configured', async () => {
    const store = openEventStore({ DATA_DIR: join(dataDir, 'nested'), SQLITE_SYNCHRONOUS: 'NORMAL' });
    expect(store).toBeInstanceOf(SqliteEventStore);
    await store.close();
  });

  it('opens the EventStoreDB adapter for EVENT_STORE_URL (the client connects lazily, on first use)', async () => {
    const store = openEventStore({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'FULL', EVENT_STORE_URL: 'esdb://localhost:1?tls=false' });
    expect(store).toBeInstanceOf(EsdbEventStore);
    await store.close();
  });
});
