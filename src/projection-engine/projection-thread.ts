import { Logger } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import { PROJECTIONS } from '../../projections';
import { eventsFoldedBy } from '../../projections/projection';
import { Committed, committedInFilter } from '../event-store/event-store';
import type { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { startThread } from './thread-entry';
import { TracingSettings, tracingSettings } from '../tracing/tracing';

/** The files the thread opens with its own connections. This process opened and checked them first, so the thread does not check them again. */
export interface ProjectionThreadFiles {
  eventsPath: string;
  readModelsPath: string;
}

/** What the thread starts with: its files, and the tracing of the thread that made it (its spans go to the same place). */
export interface ProjectionThreadData extends ProjectionThreadFiles {
  tracing?: TracingSettings;
}

export type ToProjectionThread = { kind: 'appended'; committed: Committed } | { kind: 'caught-up'; id: number; name?: string } | { kind: 'stop' };
export type FromProjectionThread = { kind: 'ready' } | { kind: 'caught-up'; id: number; error?: string };

/** What the thread's projections read: a commit with none of it is not worth a message. */
const FOLDED = PROJECTIONS.map(eventsFoldedBy);

const logger = new Logger('Projections');

/**
 * The projections of the embedded store, run on a second core: a worker thread with its own
 * connections to the events and read-model files folds the events while this thread appends them.
 * The thread is told of each commit here, and answers "caught up" the way the engine does.
 */
export class ProjectionThread {
  private worker?: Worker;
  private exited?: Promise<void>;
  private stopAppendNotices?: () => void;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(
    private readonly files: ProjectionThreadFiles,
    private readonly events: SqliteEventStore,
  ) {}

  /** Resolves once the thread has opened its files and started folding. */
  async start(): Promise<void> {
    if (this.worker) return;
    const worker = startThread('projection-thread.worker', { workerData: { ...this.files, tracing: tracingSettings() } satisfies ProjectionThreadData });
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromProjectionThread) => message.kind === 'ready' && resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the projection thread stopped before it started (exit code ${code})`)));
    });
    worker.on('message', (message: FromProjectionThread) => {
      if (message.kind !== 'caught-up') return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error === undefined) waiter?.resolve();
      else waiter?.reject(new Error(message.error));
    });
    worker.on('error', (error) => logger.error(`the projection thread failed: ${error.message}`));
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        // A thread that died is not asked again: a question to it would never be answered.
        if (this.worker === worker) this.worker = undefined;
        this.failWaiting('the projection thread stopped');
        resolve();
      }),
    );
    this.stopAppendNotices = this.events.onAppended(
      (committed) =>
        FOLDED.some((filter) => committedInFilter(committed, filter)) && worker.postMessage({ kind: 'appended', committed } satisfies ToProjectionThread),
    );
    this.worker = worker;
    await ready;
  }

  /** Every event stored before the call is in the read models (or in the one named). */
  caughtUp(name?: string): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the projection thread is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ kind: 'caught-up', id, name } satisfies ToProjectionThread);
    });
  }

  /** Graceful: the thread commits the batch in hand and closes its files. */
  async stop(): Promise<void> {
    this.stopAppendNotices?.();
    const worker = this.worker;
    if (!worker) return;
    worker.postMessage({ kind: 'stop' } satisfies ToProjectionThread);
    await this.exited;
  }

  private failWaiting(reason: string): void {
    for (const { reject } of this.waiting.values()) reject(new Error(reason));
    this.waiting.clear();
  }
}
