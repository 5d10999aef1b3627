import type Database from 'better-sqlite3';
import { AppendResult, Committed, ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '../event-store';
import type { FileFaults } from './file-faults';
import { LockWait, busyRetry, withoutWaiting } from '../../storage/write-lock';

export interface Commit {
  appends: number;
  seconds: number;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Group commit: appends issued in the same turn of the event loop are written in one transaction (one fsync),
 * each inside its own savepoint, so a conflict fails only its own append. The fsync stays in the commit, on
 * the service's thread: syncing the log from node's thread pool instead measured worse (docs/benchmarks.md).
 */
export class GroupCommit {
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  /** Since when the batch in hand has found the write lock taken by another process. */
  private busySince?: number;
  private readonly statements;
  private readonly appendAlone: Database.Transaction<(item: PendingAppend, recordedAt: number) => AppendResult>;
  private readonly appendTogether: Database.Transaction<(batch: PendingAppend[], recordedAt: number) => AppendOutcome[]>;

  constructor(
    private readonly db: Database.Database,
    private readonly faults: FileFaults,
    /** Told of each commit: how many appends it wrote (a refused one is not counted) and how long it held the thread, its sync to disk included. */
    private readonly onCommit: ((commit: Commit) => void) | undefined,
    /** Told what a commit wrote, when someone in the process listens. */
    private readonly committed: { wanted(): boolean; tell(committed: Committed): void },
    private readonly lockWait: LockWait = 'in-sqlite',
  ) {
    this.statements = {
      // A stream's revision is its last entry in the (stream_id, revision) index; a table of streams beside it
      // was one more B-tree on random keys for every append (docs/benchmarks.md).
      streamRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      eventById: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE id = ?',
      ),
      insert: db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      head: db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events'),
    };
    this.appendAlone = db.transaction((item: PendingAppend, recordedAt: number) => this.appendOne(item, recordedAt));
    // Nested better-sqlite3 transactions are savepoints: a failed append rolls back only itself.
    const appendInSavepoint = db.transaction((item: PendingAppend, recordedAt: number) => this.appendOne(item, recordedAt));
    this.appendTogether = db.transaction((batch: PendingAppend[], recordedAt: number) =>
      batch.map((item): AppendOutcome => {
        try {
          return { ok: true, result: appendInSavepoint(item, recordedAt) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    if (batch.length === 0) return;
    if (this.faults.damage) {
      // Writing on into a damaged file would spread the damage: nothing more until it is restored.
      for (const item of batch) item.reject(this.faults.damage);
      return;
    }
    const recordedAt = Date.now();
    const started = performance.now();
    let outcomes: AppendOutcome[];
    try {
      // IMMEDIATE: take the write lock before reading revisions. A deferred transaction that read an
      // older snapshot cannot upgrade while another process writes, and fails at once ("database is locked").
      const write = () =>
        batch.length === 1
          ? [{ ok: true as const, result: this.appendAlone.immediate(batch[0], recordedAt) }]
          : this.appendTogether.immediate(batch, recordedAt);
      outcomes = this.lockWait === 'thread-free' ? withoutWaiting(this.db, write) : write();
    } catch (error) {
      // Another process is writing: the batch waits its turn with the thread free, and grows meanwhile.
      const retry = busyRetry(error, (this.busySince ??= Date.now()));
      if (retry) return this.retry(batch, retry.retryInMs);
      this.busySince = undefined;
      const failure = this.faults.noted(error);
      for (const item of batch) item.reject(failure);
      return;
    }
    this.busySince = undefined;
    const seconds = (performance.now() - started) / 1000;
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.result);
      else item.reject(outcome.error);
    });
    this.onCommit?.({ appends: outcomes.reduce((written, outcome) => written + (outcome.ok ? 1 : 0), 0), seconds });
    // What the commit wrote is gathered only for someone to tell: most appends have no subscriber in the process.
    if (!this.committed.wanted()) return;
    this.committed.tell(batch.flatMap((item, i) => (outcomes[i].ok ? [{ streamId: item.streamId, types: item.events.map((event) => event.type) }] : [])));
  }

  private retry(batch: PendingAppend[], inMs: number): void {
    this.pending = [...batch, ...this.pending];
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => this.flush(), inMs);
  }

  private appendOne(pending: PendingAppend, recordedAt: number): AppendResult {
    const { streamId, events, expected } = pending;
    const current = this.statements.streamRevision.get(streamId)?.revision;
    const actual = current === undefined ? 'no_stream' : BigInt(current);
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && actual === expected);
    if (!matches) {
      // A retry of an append that already happened carries a stale revision: answer it as done.
      const replay = events.length > 0 ? this.idempotentReplay(streamId, events) : undefined;
      if (replay) return replay;
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    if (events.length === 0) {
      return { nextRevision: current === undefined ? -1n : BigInt(current), position: BigInt(this.statements.head.get()?.head ?? 0) };
    }
    let revision = current ?? -1;
    let position = 0;
    for (const [index, event] of events.entries()) {
      revision++;
      try {
        position = Number(
          this.statements.insert.run(event.id, streamId, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt)
            .lastInsertRowid,
        );
      } catch (error) {
        // Duplicate ids are looked up only when the unique index says so: the common path pays nothing.
        const replay = index === 0 && isUniqueViolation(error) ? this.idempotentReplay(streamId, events) : undefined;
        if (replay) return replay;
        throw error;
      }
    }
    return { nextRevision: BigInt(revision), position: BigInt(position) };
  }

  /** EventStoreDB semantics: the same events (same ids, same order) already in the stream mean success, nothing written. */
  private idempotentReplay(streamId: string, events: NewEvent[]): AppendResult | undefined {
    const first = this.statements.eventById.get(events[0].id);
    if (!first) return undefined;
    let last = first;
    for (let i = 0; i < events.length; i++) {
      const found = i === 0 ? first : this.statements.eventById.get(events[i].id);
      if (!found || found.stream_id !== streamId || found.revision !== first.revision + i) {
        throw new WrongExpectedRevisionError(streamId, 'any', BigInt(this.statements.streamRevision.get(streamId)?.revision ?? -1));
      }
      last = found;
    }
    return { nextRevision: BigInt(last.revision), position: BigInt(last.position) };
  }
}
