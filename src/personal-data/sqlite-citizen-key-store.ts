import type Database from 'better-sqlite3';
import { FileFaults } from '../event-store/sqlite/file-faults';
import type { Migration } from '../storage/migrations';
import { openSqliteFile } from '../storage/sqlite-file';
import { LockWait, whenWritable } from '../storage/write-lock';
import { CitizenKeyStore, DoomedKeys, NewCitizenKey, StoredCitizenKey } from './citizen-key-store';

const KEY_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    does: "each citizen's data keys, wrapped by a master key, in the order made, and how far the log's erasures have been applied",
    up: (db) =>
      // AUTOINCREMENT: the id of a destroyed key is never given again (the values naming it stay erased).
      db.exec(`CREATE TABLE IF NOT EXISTS citizen_keys (id INTEGER PRIMARY KEY AUTOINCREMENT, citizen_id TEXT NOT NULL, wrapped TEXT NOT NULL);
               CREATE TABLE IF NOT EXISTS erasures_applied (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL)`),
  },
];

export const KEYS_REMEDY =
  'restore it from the latest backup (keys.sqlite beside events.sqlite): without it no personal value can be read; erasures recorded since are applied again at start';

/**
 * The embedded store's key store: `keys.sqlite` in the data folder, apart from the events (a backup copies both).
 * A key's reference is its row id: keys are appended at the end of the table (no index by citizen, whose random
 * inserts cost an import more than all its sealing), and found by id with their citizen checked.
 * A destroyed key leaves no copy in the file: `secure_delete` overwrites the deleted row's bytes, and the WAL, which
 * still holds the page as it was written, is checkpointed into the file and truncated at once.
 */
export class SqliteCitizenKeyStore implements CitizenKeyStore {
  private readonly db: Database.Database;
  private readonly statements: {
    get: Database.Statement;
    insert: Database.Statement;
    remove: Database.Statement;
    applied: Database.Statement;
    markApplied: Database.Statement;
  };
  /** A full disk said as such (507), damage remembered and reported on every later call. */
  readonly faults: FileFaults;
  private adding: { keys: readonly NewCitizenKey[]; resolve: (refs: string[]) => void; reject: (error: unknown) => void }[] = [];

  constructor(
    readonly path: string,
    /** `thread-free` when other processes add keys too (WEB_CONCURRENCY above 1). */
    private readonly lockWait: LockWait = 'in-sqlite',
  ) {
    this.faults = new FileFaults(path, KEYS_REMEDY);
    // FULL: a key must be on disk before the event that names it is.
    this.db = openSqliteFile(path, { remedy: KEYS_REMEDY, synchronous: 'FULL', migrations: KEY_STORE_MIGRATIONS });
    this.db.pragma('secure_delete = ON');
    this.statements = {
      get: this.db.prepare('SELECT wrapped FROM citizen_keys WHERE id = ? AND citizen_id = ?').pluck(),
      insert: this.db.prepare('INSERT INTO citizen_keys (citizen_id, wrapped) VALUES (?, ?)'),
      remove: this.db.prepare('DELETE FROM citizen_keys WHERE id = ? AND citizen_id = ?'),
      applied: this.db.prepare('SELECT position FROM erasures_applied WHERE id = 1').pluck().safeIntegers(),
      markApplied: this.db.prepare('INSERT INTO erasures_applied (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position'),
    };
  }

  /**
   * Keys asked for in the same turn of the event loop are added in one transaction, one sync to disk, as the
   * events' group commit does: each opening of a record seals its reason with a key of its own.
   */
  add(keys: readonly NewCitizenKey[]): Promise<string[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.adding.push({ keys, resolve, reject });
      if (this.adding.length === 1) setImmediate(() => void this.addTogether());
    });
  }

  private async addTogether(): Promise<void> {
    const batch = this.adding;
    this.adding = [];
    try {
      const write = () =>
        this.faults.reading(() =>
          this.db
            .transaction(() => batch.map(({ keys }) => keys.map((key) => String(this.statements.insert.run(key.citizenId, key.wrapped).lastInsertRowid))))
            .immediate(),
        );
      // Another process adding keys: its turn first, this thread free meanwhile.
      const refs = this.lockWait === 'thread-free' ? await whenWritable(this.db, write) : write();
      batch.forEach(({ resolve }, i) => resolve(refs[i]));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }

  async get(citizenId: string, keyRef: string): Promise<StoredCitizenKey | undefined> {
    if (!/^\d{1,15}$/.test(keyRef)) return undefined;
    const wrapped = this.faults.reading(() => this.statements.get.get(Number(keyRef), citizenId) as string | undefined);
    return wrapped === undefined ? undefined : { citizenId, keyRef, wrapped };
  }

  async destroy(doomed: readonly DoomedKeys[]): Promise<number> {
    return this.faults.reading(() => {
      const removed = this.db.transaction(() => {
        let n = 0;
        for (const { citizenId, keyRefs } of doomed) for (const keyRef of keyRefs) n += this.statements.remove.run(Number(keyRef), citizenId).changes;
        return n;
      })();
      if (removed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
      return removed;
    });
  }

  async erasuresAppliedThrough(): Promise<bigint> {
    return this.faults.reading(() => (this.statements.applied.get() as bigint | undefined) ?? 0n);
  }

  async markErasuresApplied(position: bigint): Promise<void> {
    this.faults.reading(() => this.statements.markApplied.run(position));
  }

  async ping(): Promise<void> {
    this.faults.reading(() => this.statements.applied.get());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
