import type Database from 'better-sqlite3';
import type { Migration } from '../storage/migrations';
import { FileFaults } from '../event-store/sqlite/file-faults';
import { openSqliteFile } from '../storage/sqlite-file';
import { CitizenKeyStore, DoomedKeys, StoredCitizenKey } from './citizen-key-store';

const KEY_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    does: "each citizen's data keys, wrapped by a master key, and how far the log's erasures have been applied",
    up: (db) =>
      // Rows in the order made (an import appends at the end of the table); found by citizen through the index.
      db.exec(`CREATE TABLE IF NOT EXISTS citizen_keys (id INTEGER PRIMARY KEY, citizen_id TEXT NOT NULL, key_ref TEXT NOT NULL, wrapped TEXT NOT NULL);
               CREATE UNIQUE INDEX IF NOT EXISTS citizen_keys_by_citizen ON citizen_keys (citizen_id, key_ref);
               CREATE TABLE IF NOT EXISTS erasures_applied (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL)`),
  },
];

export const KEYS_REMEDY =
  'restore it from the latest backup (keys.sqlite beside events.sqlite): without it no personal value can be read; erasures recorded since are applied again at start';
/** Rows per statement when many citizens are asked for at once (SQLite's default limit is 32 766 variables). */
const CHUNK = 500;

/**
 * The embedded store's key store: `keys.sqlite` in the data folder, apart from the events (a backup copies both).
 * A destroyed key leaves no copy in the file: `secure_delete` overwrites the deleted row's bytes, and the WAL, which
 * still holds the page as it was written, is checkpointed into the file and truncated at once.
 */
export class SqliteCitizenKeyStore implements CitizenKeyStore {
  private readonly db: Database.Database;
  private readonly statements: {
    get: Database.Statement;
    insert: Database.Statement;
    refs: Database.Statement;
    remove: Database.Statement;
    applied: Database.Statement;
    markApplied: Database.Statement;
  };
  private readonly newestOf = new Map<number, Database.Statement>();
  private readonly refsOfMany = new Map<number, Database.Statement>();
  /** A full disk said as such (507), damage remembered and reported on every later call. */
  readonly faults: FileFaults;

  constructor(readonly path: string) {
    // FULL: a key must be on disk before the event that names it is.
    this.faults = new FileFaults(path, KEYS_REMEDY);
    this.db = openSqliteFile(path, { remedy: KEYS_REMEDY, synchronous: 'FULL', migrations: KEY_STORE_MIGRATIONS });
    this.db.pragma('secure_delete = ON');
    this.statements = {
      get: this.db.prepare('SELECT citizen_id AS citizenId, key_ref AS keyRef, wrapped FROM citizen_keys WHERE citizen_id = ? AND key_ref = ?'),
      insert: this.db.prepare('INSERT OR IGNORE INTO citizen_keys (citizen_id, key_ref, wrapped) VALUES (?, ?, ?)'),
      refs: this.db.prepare('SELECT key_ref FROM citizen_keys WHERE citizen_id = ? ORDER BY id').pluck(),
      remove: this.db.prepare('DELETE FROM citizen_keys WHERE citizen_id = ? AND key_ref = ?'),
      applied: this.db.prepare('SELECT position FROM erasures_applied WHERE id = 1').pluck().safeIntegers(),
      markApplied: this.db.prepare('INSERT INTO erasures_applied (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position'),
    };
  }

  private newestStatement(size: number): Database.Statement {
    let statement = this.newestOf.get(size);
    if (!statement) {
      // The newest per citizen: the last made (SQLite's bare column with max()).
      statement = this.db.prepare(
        `SELECT citizen_id AS citizenId, key_ref AS keyRef, wrapped, max(id) FROM citizen_keys WHERE citizen_id IN (${Array(size).fill('?').join(',')}) GROUP BY citizen_id`,
      );
      this.newestOf.set(size, statement);
    }
    return statement;
  }

  async newest(citizenIds: readonly string[]): Promise<Map<string, StoredCitizenKey>> {
    return this.faults.reading(() => {
      const found = new Map<string, StoredCitizenKey>();
      for (let i = 0; i < citizenIds.length; i += CHUNK) {
        const chunk = citizenIds.slice(i, i + CHUNK);
        for (const row of this.newestStatement(chunk.length).all(...chunk) as StoredCitizenKey[]) {
          found.set(row.citizenId, { citizenId: row.citizenId, keyRef: row.keyRef, wrapped: row.wrapped });
        }
      }
      return found;
    });
  }

  async get(citizenId: string, keyRef: string): Promise<StoredCitizenKey | undefined> {
    return this.faults.reading(() => this.statements.get.get(citizenId, keyRef) as StoredCitizenKey | undefined);
  }

  async add(keys: readonly StoredCitizenKey[]): Promise<void> {
    if (keys.length === 0) return;
    this.faults.reading(() =>
      this.db.transaction(() => {
        for (const key of keys) this.statements.insert.run(key.citizenId, key.keyRef, key.wrapped);
      })(),
    );
  }

  async refsOf(citizenId: string): Promise<string[]> {
    return this.faults.reading(() => this.statements.refs.all(citizenId) as string[]);
  }

  async destroy(doomed: readonly DoomedKeys[]): Promise<number> {
    return this.faults.reading(() => {
      const removed = this.db.transaction(() => {
        let n = 0;
        for (const { citizenId, keyRefs } of doomed) for (const keyRef of keyRefs) n += this.statements.remove.run(citizenId, keyRef).changes;
        return n;
      })();
      if (removed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
      return removed;
    });
  }

  async refsOfAll(citizenIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.faults.reading(() => {
      const refs = new Map(citizenIds.map((citizenId) => [citizenId, [] as string[]]));
      for (let i = 0; i < citizenIds.length; i += CHUNK) {
        const chunk = citizenIds.slice(i, i + CHUNK);
        let statement = this.refsOfMany.get(chunk.length);
        if (!statement) {
          const marks = Array(chunk.length).fill('?').join(',');
          statement = this.db.prepare(`SELECT citizen_id AS citizenId, key_ref AS keyRef FROM citizen_keys WHERE citizen_id IN (${marks}) ORDER BY id`);
          this.refsOfMany.set(chunk.length, statement);
        }
        for (const { citizenId, keyRef } of statement.all(...chunk) as { citizenId: string; keyRef: string }[]) refs.get(citizenId)!.push(keyRef);
      }
      return refs;
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
