import Database from 'better-sqlite3';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CarriesProblem, Problem, TITLES, problemType } from '../http/problem';
import { Migration, NewerLayout, migrate } from './migrations';
import { BUSY_TIMEOUT_MS } from './write-lock';

/**
 * A data file or folder the service cannot use. The message is one line that names the file and says
 * what is wrong and what to do: it is what an operator sees when the service refuses to start.
 */
export class StorageFault extends Error implements CarriesProblem {
  /** Public words only: the log has the file and the remedy. */
  problem(): Problem {
    return {
      type: problemType('store-damaged'),
      title: TITLES[503],
      status: 503,
      detail: { da: 'hændelseslageret melder om beskadigede data; drift: se loggen, og kør `npm run cli -- store check`', en: STORE_DAMAGED },
    };
  }
}

export const STORE_DAMAGED = 'the event store reports damaged data; operators: see the log and run `npm run cli -- store check`';

/** SQLite's own word that the file's pages are not what it wrote. */
export function isCorruption(error: unknown): boolean {
  return /^SQLITE_(CORRUPT|NOTADB)/.test(String((error as { code?: unknown })?.code ?? ''));
}

/** Files up to this size are checked page by page (PRAGMA quick_check) at every start; larger ones by `store check`. */
const START_CHECK_MAX_BYTES = 1024 ** 3;

function reasonOf(error: unknown): string {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code === 'SQLITE_NOTADB') return 'is not an SQLite database (damaged, or another kind of file)';
  if (code.startsWith('SQLITE_CORRUPT')) return `is damaged (${(error as Error).message})`;
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM')
    return 'cannot be written (the file or its folder is read-only)';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'cannot be opened (is its folder there and writable?)';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'cannot grow: the disk is full';
  if (error instanceof NewerLayout) return error.message;
  return `cannot be used (${error instanceof Error ? error.message : String(error)})`;
}

/** The data folder exists (created if need be), is a folder, and takes new files. */
export function prepareDataDir(dir: string): void {
  try {
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) throw new StorageFault(`DATA_DIR ${dir} is a file, not a folder`);
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    if (error instanceof StorageFault) throw error;
    const code = String((error as { code?: unknown })?.code ?? '');
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') throw new StorageFault(`DATA_DIR ${dir} is not writable (${code})`);
    if (code === 'ENOTDIR') throw new StorageFault(`DATA_DIR ${dir} cannot be created: part of its path is a file`);
    throw new StorageFault(`DATA_DIR ${dir} cannot be created (${code || String(error)})`);
  }
}

export interface SqliteFileOptions {
  /** What to do when the file is damaged, said to the operator after the fault. */
  remedy: string;
  synchronous: 'FULL' | 'NORMAL';
  /**
   * False for a further connection of a process whose first connection to the file checked it: its helper threads.
   * The check reads every page (docs/benchmarks.md), and damage met later is still reported (`damageOf`).
   */
  checkPages?: boolean;
  /** The page size of a file this opening creates; a file that exists keeps its own. */
  pageSize?: number;
  /** The file's layouts: a file this opening creates, or one at an older layout, is brought to the newest. */
  migrations?: readonly Migration[];
}

/** Opens one of the service's SQLite files in WAL mode, checks its pages at start, and turns every failure into one line naming it. */
export function openSqliteFile(path: string, options: SqliteFileOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Before WAL mode, which writes the file's first page and with it the page size.
    if (options.pageSize !== undefined) db.pragma(`page_size = ${options.pageSize}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    const size = path === ':memory:' ? 0 : (statSync(path, { throwIfNoEntry: false })?.size ?? 0);
    if (options.checkPages !== false && size <= START_CHECK_MAX_BYTES) {
      const problem = firstProblem(db, 'quick_check');
      if (problem) throw new StorageFault(`${path} is damaged (${problem}); ${options.remedy}`);
    }
    if (options.migrations) migrate(db, options.migrations);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof StorageFault) throw error;
    throw new StorageFault(`${path} ${reasonOf(error)}${isCorruption(error) ? `; ${options.remedy}` : ''}`);
  }
}

/** The first problem SQLite's check reports, or undefined when the file is whole. */
export function firstProblem(db: Database.Database, check: 'quick_check' | 'integrity_check'): string | undefined {
  const rows = db.pragma(`${check}(1)`) as Record<string, string>[];
  const result = Object.values(rows[0] ?? {})[0];
  return result === 'ok' ? undefined : String(result).replace(/\s+/g, ' ').trim();
}

/**
 * The fault to report for an error met while the service runs, when it is damage to the file: SQLite's
 * own report, or stored JSON that no longer parses (damage inside a record, which SQLite cannot see).
 */
export function damageOf(path: string, error: unknown, remedy: string): StorageFault | undefined {
  if (isCorruption(error)) return new StorageFault(`${path} ${reasonOf(error)}; ${remedy}`);
  if (error instanceof SyntaxError) return new StorageFault(`${path} is damaged (a stored record is not valid JSON); ${remedy}`);
  return undefined;
}
