import type Database from 'better-sqlite3';

/**
 * How long a write waits for another process's write to end before it fails: SQLite's busy timeout, kept on every
 * connection for whatever else waits (a read while a checkpoint resets the log).
 */
export const BUSY_TIMEOUT_MS = 5_000;
/** Pauses between tries for the write lock: short, as another process's commit takes a millisecond or two. */
const FIRST_PAUSE_MS = 1;
const LONGEST_PAUSE_MS = 8;

/** Another connection (another process on the folder) holds the file's write lock. */
export const isBusy = (error: unknown): boolean => /^SQLITE_BUSY/.test(String((error as { code?: unknown })?.code ?? ''));

/**
 * Runs a write that begins by taking the write lock (an IMMEDIATE transaction), failing at once with SQLITE_BUSY
 * instead of waiting in SQLite's busy handler: that handler sleeps on the service's thread, in steps of up to
 * 100 ms, while every other request of the process waits with it.
 */
export function withoutWaiting<T>(db: Database.Database, write: () => T): T {
  db.pragma('busy_timeout = 0');
  try {
    return write();
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** Tries for the write lock in short pauses, the thread free meanwhile, for up to BUSY_TIMEOUT_MS; then the busy error is the caller's. */
export async function whenWritable<T>(db: Database.Database, write: () => T): Promise<T> {
  const since = Date.now();
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return withoutWaiting(db, write);
    } catch (error) {
      if (!isBusy(error) || Date.now() - since >= BUSY_TIMEOUT_MS) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * How a connection waits for the write lock: in SQLite's busy handler (one process on the folder: it never waits
 * long, and costs nothing per write), or with the thread free (`WEB_CONCURRENCY` above 1: the processes take turns).
 */
export type LockWait = 'in-sqlite' | 'thread-free';

/** Several processes on the folder (WEB_CONCURRENCY above 1) take turns at each file's write lock, each waiting with its thread free. */
export const lockWaitFor = ({ WEB_CONCURRENCY = 1 }: { WEB_CONCURRENCY?: number }): LockWait => (WEB_CONCURRENCY > 1 ? 'thread-free' : 'in-sqlite');

/** For a caller that cannot await (the group commit): whether to try again after `retryInMs`, or give up. */
export function busyRetry(error: unknown, busySince: number): { retryInMs: number } | undefined {
  if (!isBusy(error) || Date.now() - busySince >= BUSY_TIMEOUT_MS) return undefined;
  return { retryInMs: FIRST_PAUSE_MS };
}
