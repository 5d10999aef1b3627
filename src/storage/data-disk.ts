import { rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Text } from '../domain/text';
import { CarriesProblem, Problem, TITLES, problemType } from '../http/problem';

/** The codes a write gets when the disk (or the user's quota on it) has no room: the OS's and SQLite's. */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

export function isDiskFull(error: unknown): boolean {
  return error instanceof DiskFull || DISK_FULL_CODES.has(String((error as { code?: unknown })?.code ?? ''));
}

/** How long a caller is asked to wait before trying again: about what freeing space or growing a volume takes. */
export const DISK_FULL_RETRY_AFTER_SECONDS = 60;

/**
 * A write the data disk had no room for. Nothing of it was recorded, and it can be sent again as it is once there
 * is room: the writes that fail this way roll back whole. An answer, not a fault of the service's code.
 */
export class DiskFull extends Error implements CarriesProblem {
  constructor(
    readonly detail: Text = {
      da: 'datadisken er fuld: intet blev registreret; prøv igen senere',
      en: 'the data disk is full: nothing was recorded; try again later',
    },
  ) {
    super(detail.en);
  }

  problem(): Problem {
    return { type: problemType('disk-full'), title: TITLES[507], status: 507, detail: this.detail };
  }

  headers(): Record<string, string> {
    return { 'Retry-After': String(DISK_FULL_RETRY_AFTER_SECONDS) };
  }
}

/** The error as the caller should see it: DiskFull for a full disk, anything else unchanged. */
export function diskFullOr(error: unknown): unknown {
  return isDiskFull(error) && !(error instanceof DiskFull) ? new DiskFull() : error;
}

export interface DataDiskReport {
  /** A commit's worth of bytes could be written there just now. */
  writable: boolean;
  /** Why not, when not: the disk is full, or the folder refuses writes. */
  reason?: string;
  /** Bytes free to the service's user (what statfs calls available), or -1 when the folder cannot be asked. */
  freeBytes: number;
}

/** About what one commit of a large batch writes: a disk with less room than this takes no more work. */
const PROBE_BYTES = 64 * 1024;

/**
 * The data folder's disk as /health and /metrics report it: whether a write of a commit's size goes through, and the
 * free space. The write is the test, not the free space: a quota (EDQUOT) does not show in the free space.
 */
export class DataDisk {
  constructor(readonly dir: string) {}

  report(): DataDiskReport {
    const probe = join(this.dir, `.disk-probe-${process.pid}`);
    const freeBytes = freeBytesOf(this.dir);
    try {
      writeFileSync(probe, Buffer.alloc(PROBE_BYTES));
      return { writable: true, freeBytes };
    } catch (error) {
      const reason = isDiskFull(error)
        ? 'the data disk is full'
        : `the data folder cannot be written (${String((error as { code?: unknown })?.code ?? error)})`;
      return { writable: false, reason, freeBytes };
    } finally {
      rmSync(probe, { force: true });
    }
  }
}

function freeBytesOf(dir: string): number {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return -1;
  }
}

export interface DiskFullRetry {
  /** Stops the waiting: the last DiskFull is thrown. */
  signal?: AbortSignal;
  /** Told when the work starts waiting for room (true) and when it goes on (false). */
  onWait?: (waiting: boolean) => void;
  firstPauseMs?: number;
  longestPauseMs?: number;
}

/**
 * Runs `work`, and again after a pause (doubling, up to `longestPauseMs`) each time it meets a full disk: work that
 * records nothing of a failed write goes on by itself once there is room, with no restart.
 */
export async function retryWhileDiskFull<T>(
  work: () => Promise<T>,
  { signal, onWait, firstPauseMs = 1_000, longestPauseMs = 15_000 }: DiskFullRetry = {},
): Promise<T> {
  let pauseMs = firstPauseMs;
  let waiting = false;
  for (;;) {
    try {
      const result = await work();
      if (waiting) onWait?.(false);
      return result;
    } catch (error) {
      if (!isDiskFull(error) || signal?.aborted) throw diskFullOr(error);
      if (!waiting) onWait?.((waiting = true));
      await pause(pauseMs, signal);
      if (signal?.aborted) throw diskFullOr(error);
      pauseMs = Math.min(pauseMs * 2, longestPauseMs);
    }
  }
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
