import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageFault } from '../../storage/sqlite-file';
import { ReadModelStore } from '../read-model-store';
import { READ_MODEL_MIGRATIONS } from './schema';

describe("the read-model file's layouts", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-read-model-schema-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const tablesOf = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return {
        tables: db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all(),
        version: db.pragma('user_version', { simple: true }),
      };
    } finally {
      db.close();
    }
  };

  it('makes a new file at the newest layout', () => {
    const path = join(dir, 'read-models.sqlite');
    new ReadModelStore(path).close();
    expect(tablesOf(path)).toEqual({
      tables: ['projection_checkpoints', 'projection_faults', 'projection_stall_policies'],
      version: READ_MODEL_MIGRATIONS.length,
    });
  });

  it('brings a file of the layout before numbered layouts to the newest: drops the shared counts, keeps the checkpoints and the delivery position', () => {
    const path = join(dir, 'read-models.sqlite');
    const older = new Database(path);
    older.exec(`
      CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, schema TEXT NOT NULL, position INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE consumer_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE read_model_counts (name TEXT, value TEXT, rows INTEGER);
      CREATE TABLE read_model_counted (name TEXT);
      INSERT INTO projection_checkpoints VALUES ('citizen-status', 5, 'status', 42);
      INSERT INTO consumer_checkpoints VALUES ('digital-post-delivery', 17);
    `);
    older.close();
    new ReadModelStore(path).close();
    expect(tablesOf(path)).toEqual({
      tables: ['consumer_checkpoints', 'projection_checkpoints', 'projection_faults', 'projection_stall_policies'],
      version: READ_MODEL_MIGRATIONS.length,
    });
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT name, position FROM projection_checkpoints').all()).toEqual([{ name: 'citizen-status', position: 42 }]);
    expect(db.prepare('SELECT name, position FROM consumer_checkpoints').all()).toEqual([{ name: 'digital-post-delivery', position: 17 }]);
    db.close();
  });

  it('refuses a file of a newer layout, saying so', () => {
    const path = join(dir, 'read-models.sqlite');
    const newer = new Database(path);
    newer.pragma(`user_version = ${READ_MODEL_MIGRATIONS.length + 1}`);
    newer.close();
    expect(() => new ReadModelStore(path)).toThrow(StorageFault);
    const known = READ_MODEL_MIGRATIONS.length;
    expect(() => new ReadModelStore(path)).toThrow(`has layout ${known + 1}, newer than this version of the service knows (${known})`);
  });
});
