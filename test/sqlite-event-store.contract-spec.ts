import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { describeEventStoreContract } from './event-store.contract';

const directory = mkdtempSync(join(tmpdir(), 'overgang-contract-'));

describeEventStoreContract(
  'embedded SQLite',
  async () => new SqliteEventStore({ path: join(directory, 'events.sqlite') }),
  async (store) => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  },
  { reappendAtOtherRevision: 'ignored' },
);
