import type { ProjectionThreadFiles } from './projection-thread';
import type { StreamRange } from './stream-rebuild';
import { startThread } from './thread-entry';

/** A rebuild's streams, in runs that the rebuilding thread and its helper claim one at a time. */
export interface RebuildWork {
  projection: string;
  /** The table the rebuild fills (`RebuildWriter.table`). */
  table: string;
  toPosition: bigint;
  ranges: StreamRange[];
  /** The index of the next run to claim, shared: `Atomics.add(claim, 0, 1)` claims one. */
  claim: Int32Array;
  /** Held while writing rows (`inTurn`). */
  writing: Int32Array;
  batchSize: number;
}

export interface RebuildHelper {
  /** Streams of fewer events than this are rebuilt by one thread: starting another costs more than it saves. */
  readonly minimumEvents: number;
  /** Folds and writes the runs it claims; `onProgress` gets the events folded since it was last called. */
  rebuild(work: RebuildWork, onProgress: (events: number) => void): { done: Promise<void>; stop(): void };
}

export type FromRebuildThread = { kind: 'progress'; events: number } | { kind: 'done' } | { kind: 'failed'; error: string };

export interface RebuildThreadData {
  files: ProjectionThreadFiles;
  work: Omit<RebuildWork, 'toPosition'> & { toPosition: string };
  /** Set to 1 to stop: the thread folds without yielding to its event loop, so a message would wait until it is done. */
  stop: Int32Array;
}

/**
 * The thread holds one batch of rows at a time, a few MB. Without a limit V8 lets garbage pile up far beyond that
 * before collecting (docs/benchmarks.md: peak RSS of a national rebuild).
 */
const HEAP_LIMIT_MB = 256;

/**
 * A second thread for a rebuild of the embedded store's read models: with its own connections to the
 * events and read-model files, it claims runs of streams to fold alongside the rebuilding thread.
 */
export class RebuildThread implements RebuildHelper {
  constructor(
    private readonly files: ProjectionThreadFiles,
    readonly minimumEvents = 50_000,
  ) {}

  rebuild(work: RebuildWork, onProgress: (events: number) => void): { done: Promise<void>; stop(): void } {
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const workerData: RebuildThreadData = { files: this.files, work: { ...work, toPosition: String(work.toPosition) }, stop };
    const worker = startThread('rebuild-thread.worker', { workerData, resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });
    const done = new Promise<void>((resolve, reject) => {
      let finished = false;
      worker.on('message', (message: FromRebuildThread) => {
        if (message.kind === 'progress') onProgress(message.events);
        else if (message.kind === 'done') finished = true;
        else reject(new Error(message.error));
      });
      worker.once('error', reject);
      worker.once('exit', () => (finished ? resolve() : reject(new Error(`the rebuild thread of ${work.projection} stopped before its streams were written`))));
    });
    return { done, stop: () => Atomics.store(stop, 0, 1) };
  }
}
