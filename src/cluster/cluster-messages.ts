import type { Committed } from '../event-store/event-store';

/**
 * What the processes of one service say to each other over Node's cluster channel. Every message carries the
 * `overgang` tag, so nothing else on the channel (Node's own, prom-client's) is taken for one of them.
 */
export type ProcessRole = 'leader' | 'follower';

/** What each process says of itself when asked (`/health`). */
export interface ProcessReport {
  slot: number;
  role: ProcessRole;
  pid: number;
  startedAt: string;
  rssBytes: number;
  heapUsedBytes: number;
  /** The 99th percentile of the event loop's delay since the last report: a process that stalls answers late. */
  eventLoopDelayP99Ms: number;
}

/** A slot of the supervisor, and how its process is doing. */
export interface ProcessSlot {
  slot: number;
  role: ProcessRole;
  /** `running`: answered just now; `not answering`: alive, but not within the time asked; `restarting`: exited, being replaced. */
  state: 'running' | 'not answering' | 'restarting';
  restarts: number;
  report?: ProcessReport;
}

export interface Appended {
  overgang: 'appended';
  /** The streams and event types written; null: too many to list, every subscription reads. */
  committed: Committed | null;
}

export interface ImportWaiting {
  overgang: 'import-waiting';
  importId: string;
  /** ISO instant, or null: it goes on. */
  since: string | null;
}

/** What can be gathered from every process at once. */
export type Gathered = 'metrics' | 'report';

export type ToSupervisor =
  /** What was appended: the leader's subscriptions that want it read now instead of at their next poll. */
  | Appended
  /** An upload was spooled for import: the leader imports it. */
  | { overgang: 'import-spooled' }
  /** The leader's import waits for room on the data disk (since then), or goes on (null): every process says so. */
  | ImportWaiting
  | { overgang: 'gather'; id: number; what: Gathered }
  /** A process's part of a gathering. */
  | { overgang: 'part'; id: number; part: unknown };

export type ToProcess =
  | Appended
  | { overgang: 'import-spooled' }
  | ImportWaiting
  | { overgang: 'gather'; id: number; what: Gathered }
  /** Every process's part, by slot (metrics), or the slots (report). */
  | { overgang: 'gathered'; id: number; parts: { slot: number; part: unknown }[]; slots: ProcessSlot[] };

export const isOurs = (message: unknown): message is { overgang: string } =>
  typeof message === 'object' && message !== null && typeof (message as { overgang?: unknown }).overgang === 'string';
