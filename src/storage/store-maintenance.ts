import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { firstProblem } from './sqlite-file';

export type CheckResult = { file: string; problem?: string; absent?: true };

/** SQLite's full integrity check of a file, opened read-only so it can run beside the service. A file not there has nothing to check. */
export function checkFile(file: string): CheckResult {
  if (!existsSync(file)) return { file, absent: true };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return { file, problem: firstProblem(db, 'integrity_check') };
  } catch (error) {
    return { file, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

export class BackupRefused extends Error {}

/** Pages copied per step: small enough that the service's writers wait at most a few milliseconds. */
const PAGES_PER_STEP = 1000;

/**
 * An online, consistent copy of a store file (SQLite's backup API) taken while the service keeps writing, then
 * checked whole. The copy is one file that stands alone (a rollback journal, not a write-ahead log beside it), in
 * a folder made if need be. Refuses to overwrite an existing file.
 */
export async function backupFile(source: string, destination: string, onProgress: (copied: number, total: number) => void = () => {}): Promise<CheckResult> {
  if (!existsSync(source)) throw new BackupRefused(`${source} does not exist: nothing to back up`);
  if (existsSync(destination)) throw new BackupRefused(`${destination} exists already: choose a new file`);
  mkdirSync(dirname(destination), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(destination, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress(totalPages - remainingPages, totalPages);
        return PAGES_PER_STEP;
      },
    });
  } finally {
    db.close();
  }
  // The copied header says WAL, the source's mode: opening it would make -wal and -shm files beside it.
  const copy = new Database(destination);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return checkFile(destination);
}
