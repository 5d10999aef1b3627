import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { testEvent } from '../../test/support/events';
import { isBusy, lockWaitFor, whenWritable, withoutWaiting } from './write-lock';
import { openSqliteFile } from './sqlite-file';

/** Another process's connection to the same file, holding the write lock until told to commit. */
function otherWriter(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('BEGIN IMMEDIATE');
  return { commit: () => (db.exec('COMMIT'), db.close()) };
}

describe('the write lock, when another process holds it', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'overgang-write-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('withoutWaiting fails at once with SQLITE_BUSY, and the connection waits as before afterwards', () => {
    const db = openSqliteFile(join(dir, 'f.sqlite'), { remedy: 'x', synchronous: 'NORMAL' });
    db.exec('CREATE TABLE t (v)');
    const other = otherWriter(join(dir, 'f.sqlite'));
    const started = Date.now();
    let error: unknown;
    try {
      withoutWaiting(db, () => db.transaction(() => db.prepare('INSERT INTO t VALUES (1)').run()).immediate());
    } catch (caught) {
      error = caught;
    }
    expect(isBusy(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    other.commit();
    db.close();
  });

  it('whenWritable keeps the thread free while it waits, and writes once the other commits', async () => {
    const db = openSqliteFile(join(dir, 'f.sqlite'), { remedy: 'x', synchronous: 'NORMAL' });
    db.exec('CREATE TABLE t (v)');
    const other = otherWriter(join(dir, 'f.sqlite'));
    const order: string[] = [];
    const written = whenWritable(db, () => db.transaction(() => db.prepare('INSERT INTO t VALUES (1)').run()).immediate()).then(() => order.push('written'));
    setTimeout(() => {
      order.push('the thread served something else');
      other.commit();
    }, 30);
    await written;
    expect(order).toEqual(['the thread served something else', 'written']);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    db.close();
  });

  it('an append of a store shared with other processes waits its turn with the thread free, then commits with those that joined it', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'NORMAL', lockWait: 'thread-free' });
    await store.append('s-0', [testEvent('NemIdRetired', { retiredOn: '2023-10-31', reason: 'nemid-shutdown' })]);
    const other = otherWriter(join(dir, 'events.sqlite'));
    const order: string[] = [];
    const first = store.append('s-1', [testEvent('NemIdRetired', { retiredOn: '2023-10-31', reason: 'nemid-shutdown' })]).then(() => order.push('s-1'));
    setTimeout(() => {
      order.push('the thread served something else');
      void store.append('s-2', [testEvent('NemIdRetired', { retiredOn: '2023-10-31', reason: 'nemid-shutdown' })]).then(() => order.push('s-2'));
      setTimeout(() => other.commit(), 20);
    }, 20);
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['the thread served something else', 's-1', 's-2']);
    expect(await store.headPosition()).toBe(3n);
    await store.close();
  });
});

describe('waiting for the write lock', () => {
  it("keeps SQLite's own wait for one process, and the thread free when several share the folder", () => {
    expect(lockWaitFor({})).toBe('in-sqlite');
    expect(lockWaitFor({ WEB_CONCURRENCY: 1 })).toBe('in-sqlite');
    expect(lockWaitFor({ WEB_CONCURRENCY: 2 })).toBe('thread-free');
  });
});
