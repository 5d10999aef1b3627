import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { damagePage, fillStore as fill } from '../../test/support/damage';
import { testEvent } from '../../test/support/events';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { StorageFault, openSqliteFile, prepareDataDir } from './sqlite-file';
import { backupFile, checkFile } from './store-maintenance';

const mustBeOk = (file: string) => expect(checkFile(file)).toEqual({ file });

describe('store files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-storage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a damaged page is found at start, and the one-line fault names the file and the remedy', async () => {
    const path = join(dir, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    await fill(store, 300);
    await store.close();
    damagePage(path, 0.5);
    expect(() => new SqliteEventStore({ path })).toThrow(StorageFault);
    expect(() => new SqliteEventStore({ path })).toThrow(new RegExp(`^${path} is damaged \\(.+\\); stop the service, run \`npm run cli -- store check\``));
    expect(checkFile(path).problem).toBeDefined();
  }, 60_000);

  it('a further connection that does not check the pages opens a damaged file, and meets the damage when it reads it', async () => {
    const path = join(dir, 'events.sqlite');
    const writer = new SqliteEventStore({ path });
    await fill(writer, 3000);
    await writer.close();
    for (let i = 1; i <= 8; i++) damagePage(path, i / 10);
    expect(() => new SqliteEventStore({ path })).toThrow(StorageFault);
    const helper = new SqliteEventStore({ path, checkPages: false });
    const readEverything = async () => {
      for await (const _ of helper.readAll()) void _;
    };
    await expect(readEverything()).rejects.toThrow(StorageFault);
    await helper.close();
  });

  it('damage met while running is reported by every later call and by ping (so /health is down)', async () => {
    const path = join(dir, 'events.sqlite');
    const writer = new SqliteEventStore({ path });
    await fill(writer, 3000);
    await writer.close();
    const store = new SqliteEventStore({ path });
    // A few pages across the file, so the table's pages (not only an index's) are hit.
    for (let i = 1; i <= 8; i++) damagePage(path, i / 10);
    const readEverything = async () => {
      for await (const _ of store.readAll()) void _;
    };
    await expect(readEverything()).rejects.toThrow(StorageFault);
    await expect(store.ping()).rejects.toThrow(/is damaged/);
    await expect(store.append('s-new', [testEvent('After')])).rejects.toThrow(StorageFault);
    await store.close();
  });

  it('a new file takes the page size asked for; a file that exists keeps its own, and its rows', () => {
    const options = { remedy: 'delete it', synchronous: 'NORMAL' } as const;
    const created = openSqliteFile(join(dir, 'new.sqlite'), { ...options, pageSize: 16_384 });
    created.exec('CREATE TABLE t (x)');
    expect(created.pragma('page_size', { simple: true })).toBe(16_384);
    created.close();

    const older = openSqliteFile(join(dir, 'older.sqlite'), options);
    older.exec('CREATE TABLE t (x)');
    older.prepare('INSERT INTO t VALUES (?)').run('kept');
    const before = older.pragma('page_size', { simple: true });
    older.close();
    const reopened = openSqliteFile(join(dir, 'older.sqlite'), { ...options, pageSize: before === 16_384 ? 8_192 : 16_384 });
    expect(reopened.pragma('page_size', { simple: true })).toBe(before);
    expect(reopened.prepare('SELECT x FROM t').pluck().all()).toEqual(['kept']);
    reopened.close();
  });

  it('a file that is not a database at all is refused by name', () => {
    const path = join(dir, 'events.sqlite');
    writeFileSync(path, 'this is not a database, it is a text file that happens to be long enough to have a header '.repeat(20));
    expect(() => new SqliteEventStore({ path })).toThrow(`${path} is not an SQLite database (damaged, or another kind of file)`);
  });

  it('the data folder: a file in its place, or a path through a file, is named in one line', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => prepareDataDir(file)).toThrow(`DATA_DIR ${file} is a file, not a folder`);
    expect(() => prepareDataDir(join(file, 'data'))).toThrow(`DATA_DIR ${join(file, 'data')} cannot be created: part of its path is a file`);
    prepareDataDir(join(dir, 'new', 'data'));
    expect(statSync(join(dir, 'new', 'data')).isDirectory()).toBe(true);
  });

  it('an online backup taken during appends is consistent: it passes the integrity check and holds a prefix of every stream', async () => {
    const path = join(dir, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    await fill(store, 200);
    let appending = true;
    let appended = 0;
    const writes = (async () => {
      while (appending) {
        await store.append(`live-${appended % 50}`, [testEvent('Live', { n: appended })]);
        appended++;
      }
    })();
    mkdirSync(join(dir, 'backups'));
    const copy = join(dir, 'backups', 'events.sqlite');
    const result = await backupFile(path, copy);
    appending = false;
    await writes;
    expect(result).toEqual({ file: copy });
    mustBeOk(copy);
    await expect(backupFile(path, copy)).rejects.toThrow(`${copy} exists already: choose a new file`);

    // Restored: the copy opens as a store, reads back in order, and every stream is a prefix of the original's.
    const restored = new SqliteEventStore({ path: copy });
    let previous = 0n;
    const byStream = new Map<string, string[]>();
    for await (const event of restored.readAll()) {
      expect(event.position).toBeGreaterThan(previous);
      previous = event.position;
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.id]);
    }
    expect(byStream.size).toBeGreaterThanOrEqual(200);
    for (const [streamId, ids] of byStream) {
      const original: string[] = [];
      for await (const event of store.readStream(streamId)) original.push(event.id);
      expect(original.slice(0, ids.length)).toEqual(ids);
    }
    await restored.append('after-restore', [testEvent('Restored')]);
    await restored.close();
    await store.close();
    expect(appended).toBeGreaterThan(0);
  });
});
