import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { firstProblem } from './sqlite-file';

export type CheckResult = { file: string; problem?: string };

/** SQLite's full integrity check of a file, opened read-only so it can run beside the service. */
export function checkFile(file: string): CheckResult {
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
 * An online, consistent copy of a store file (SQLite's backup API) taken while the service keeps writing,
 * then checked whole. Refuses to overwrite an existing file.
 */
export async function backupFile(source: string, destination: string, onProgress: (copied: number, total: number) => void = () => {}): Promise<CheckResult> {
  if (!existsSync(source)) throw new BackupRefused(`${source} does not exist: nothing to back up`);
  if (existsSync(destination)) throw new BackupRefused(`${destination} exists already: choose a new file`);
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
  return checkFile(destination);
}
