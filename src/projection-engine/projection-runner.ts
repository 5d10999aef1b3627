import { ProjectedEvent, ProjectionDefinition, eventsFoldedBy, handlerOf, partitionedByStream } from '../../projections/projection';
import { EventFilter, EventStore, RecordedEvent, Subscription } from '../event-store/event-store';
import { FoldFailed, foldEvent, partitionFor } from './fold-failure';
import type { DeadLetter } from './read-model-file/faults';
import { CheckpointMovedError, ReadModelStore } from './read-model-store';
import type { RebuildHelper } from './rebuild-thread';
import { StreamRange, foldClaimedRanges, inTurn, rangesBetween } from './stream-rebuild';
import { inSyncSpan, tracingOn } from '../tracing/tracing';

export interface RunnerOptions {
  batchSize?: number;
  /**
   * Called after each committed batch with the new checkpoint (progress bars, metrics). A rebuild that reads
   * stream by stream keeps the checkpoint at 0 until it has read every event up to its start, then moves it once.
   */
  onCommitted?: (position: bigint, events: number) => void;
  onError?: (error: unknown) => void;
  /** Told each time an event fails to fold, with its dead letter as it now stands (stalled after STALL_AFTER). */
  onFoldFailed?: (letter: DeadLetter) => void;
  /** The service retries after a failure; a one-shot job (the CLI) wants the failure from caughtUp() instead. */
  stopOnError?: boolean;
  retryDelayMs?: number;
  /** Another thread that folds part of the streams when a read model with one row per stream is rebuilt. */
  helper?: RebuildHelper;
}

type StreamOrderedStore = EventStore & Required<Pick<EventStore, 'readStreamsInOrder'>>;
const readsStreamsInOrder = (store: EventStore): store is StreamOrderedStore => store.readStreamsInOrder !== undefined;

/** Runs of streams a helped rebuild is cut into: the two threads end within about a sixteenth of the work of each other. */
const HELPED_RUNS = 16;
/**
 * Rows a stream-by-stream rebuild writes at a time: a thousand took a tenth less CPU than five thousand, whose
 * states live long enough to reach V8's old generation (docs/benchmarks.md).
 */
const REBUILD_ROWS_PER_WRITE = 1000;

/** The longest caughtUp() waits for a commit before it asks the store again (the pending event may still be on its way). */
const COMMIT_WAIT_MS = 100;

const IDLE = Symbol('idle');
const idle = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/**
 * Keeps one projection up to date: catches up by reading pages through the EventStore port,
 * then follows the live subscription, folding events in batches. Each batch is committed
 * together with its checkpoint; a batch that is not committed is simply read again.
 */
export class ProjectionRunner<State> {
  private readonly batchSize: number;
  private stopped = false;
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private caughtUpWaiters: (() => void)[] = [];
  private commitWaiters: (() => void)[] = [];
  private isCaughtUp = false;
  private failure?: unknown;
  /** Events an operator (or the stall policy) chose to leave out, read from the read-model file before each attempt. */
  private skipped = new Set<string>();
  /** A fold failed since the last commit: the next commit past it marks its dead letter passed (a fault gone, a fix deployed). */
  private failedSinceCommit = false;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    readonly definition: ProjectionDefinition<State>,
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    readModels.register(definition);
  }

  /** Only the events the projection handles are read: the store skips the rest (record openings, deliveries ...). */
  private get filter(): Required<EventFilter> {
    return eventsFoldedBy(this.definition);
  }

  start(): void {
    this.stopped = false;
    this.loop ??= this.run().finally(() => (this.loop = undefined));
  }

  /** Graceful: the batch in hand is committed, then reading stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.releaseWaiters();
    await this.subscription?.close();
    await this.loop;
  }

  /** Resolves once every event stored when it was called (or earlier) is in the read model; rejects if the runner failed. */
  async caughtUp(): Promise<void> {
    const { filter } = this;
    while (!this.stopped) {
      if (!this.isCaughtUp) {
        await new Promise<void>((resolve) => this.caughtUpWaiters.push(resolve));
        continue;
      }
      const { position } = this.readModels.checkpoint(this.definition.name);
      let pending = false;
      for await (const _ of this.store.readAll({ fromPosition: position, maxCount: 1, filter })) pending = true;
      if (!pending) return;
      await this.nextCommit();
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        this.skipped = this.readModels.faults.skipped(this.definition.name);
        // Dead letters left open by an earlier run (a restart with the fix deployed) are passed by the first commit past them.
        this.failedSinceCommit ||= this.readModels.faults.open(this.definition.name).length > 0;
        await this.catchUp();
        if (this.stopped) return;
        this.markCaughtUp();
        await this.follow();
      } catch (error) {
        if (!(error instanceof CheckpointMovedError)) {
          if (error instanceof FoldFailed) this.recordFoldFailure(error);
          this.options.onError?.(error);
          if (this.options.stopOnError) {
            this.failure = error;
            this.stopped = true;
            this.releaseWaiters();
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1000));
        }
      }
    }
  }

  private recordFoldFailure({ event, cause }: FoldFailed): void {
    const id = (event as { id?: string }).id ?? `${event.streamId}@${event.position}`;
    const failed = { id, type: event.type, streamId: event.streamId, position: event.position };
    const letter = this.readModels.faults.failed(this.definition.name, failed, cause, new Date().toISOString());
    this.failedSinceCommit = true;
    this.options.onFoldFailed?.(letter);
  }

  private markCaughtUp(): void {
    this.isCaughtUp = true;
    this.releaseWaiters();
  }

  private releaseWaiters(): void {
    for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
    for (const resolve of this.commitWaiters.splice(0)) resolve();
  }

  /**
   * Until this runner commits its next batch (or stops), and at most COMMIT_WAIT_MS: each probe of the store for
   * pending events is a read (on EventStoreDB a server round trip), so it is made once per commit, not in a loop.
   */
  private nextCommit(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, COMMIT_WAIT_MS);
      this.commitWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async catchUp(): Promise<void> {
    this.isCaughtUp = false;
    const { name } = this.definition;
    const rebuilding = this.readModels.checkpoint(name).position === 0n;
    // With events to skip, the batches do it (the stream-by-stream folds, here and in the helper thread, skip none).
    const streamByStream = rebuilding && this.skipped.size === 0 && readsStreamsInOrder(this.store) && partitionedByStream(this.definition);
    // A stream-by-stream rebuild fills a table of its own, indexed as it goes: the read model's keeps its indexes meanwhile.
    if (rebuilding && !streamByStream) this.readModels.dropIndexes(name);
    try {
      if (streamByStream) await this.rebuildStreamByStream(this.store);
      await this.catchUpInBatches();
    } finally {
      this.readModels.createIndexes(name);
    }
  }

  private async catchUpInBatches(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const from = this.readModels.checkpoint(this.definition.name).position;
      const head = await this.store.headPosition();
      const batch: RecordedEvent[] = [];
      for await (const event of this.store.readAll({
        fromPosition: from,
        maxCount: this.batchSize,
        filter: this.filter,
      })) {
        batch.push(event);
      }
      const last = batch.length > 0 ? batch[batch.length - 1].position : from;
      // A short page has seen everything up to the head, matching or not: move the checkpoint past it.
      const to = batch.length < this.batchSize && head > last ? head : last;
      if (to > from) this.apply(from, to, batch);
      if (batch.length < this.batchSize) return;
    }
  }

  /**
   * From position 0 up to the head as it is now: one stream's events at a time, folded in memory and its row
   * written once, with no row read back. With a helper and streams enough, a second thread folds runs of
   * streams alongside. What was appended meanwhile is caught up in batches afterwards.
   */
  private async rebuildStreamByStream(store: StreamOrderedStore): Promise<void> {
    const { definition } = this;
    const batchSize = Math.min(this.batchSize, REBUILD_ROWS_PER_WRITE);
    const to = await store.headPosition();
    // An empty store has nothing to rebuild; an empty table is already what the read model holds.
    if (to === 0n) return;
    const rebuild = this.readModels.beginRebuild<State>(definition.name);
    let helping: { done: Promise<void>; stop(): void } | undefined;
    let helperFailed = false;
    const progress = (events: number) => this.options.onCommitted?.(0n, events);
    try {
      const { helper } = this.options;
      const split = helper && store.splitStreams ? await store.splitStreams(definition.streamPrefixes, HELPED_RUNS) : undefined;
      const ranges = helper && split && split.events >= helper.minimumEvents ? rangesBetween(split.cuts) : [{}];
      const [claim, writing] = [new Int32Array(new SharedArrayBuffer(4)), new Int32Array(new SharedArrayBuffer(4))];
      if (helper && ranges.length > 1) {
        helping = helper.rebuild({ projection: definition.name, table: rebuild.table, toPosition: to, ranges, claim, writing, batchSize }, progress);
        helping.done.catch(() => (helperFailed = true));
      }
      const read = (streamIds: StreamRange) => store.readStreamsInOrder({ ...this.filter, toPosition: to, streamIds });
      const complete = await foldClaimedRanges(definition, ranges, claim, read, {
        batchSize,
        write: (rows, events) => {
          rebuild.write(rows, (write) => inTurn(writing, write));
          progress(events);
        },
        stopped: () => this.stopped || helperFailed,
      });
      if (!complete && this.stopped) {
        helping?.stop();
        await helping?.done.catch(() => undefined);
        return rebuild.abandon();
      }
      // Also what stopped this thread early, if the helper failed.
      await helping?.done;
      rebuild.finish(to);
      this.options.onCommitted?.(to, 0);
    } catch (error) {
      helping?.stop();
      await helping?.done.catch(() => undefined);
      rebuild.abandon();
      throw error;
    }
  }

  private async follow(): Promise<void> {
    let committed = this.readModels.checkpoint(this.definition.name).position;
    const subscription = this.store.subscribeToAll({ fromPosition: committed, filter: this.filter });
    this.subscription = subscription;
    if (this.stopped) await subscription.close();
    const iterator = subscription[Symbol.asyncIterator]();
    let batch: RecordedEvent[] = [];
    const flush = (scannedTo?: bigint) => {
      const last = batch.length > 0 ? batch[batch.length - 1].position : committed;
      const to = scannedTo !== undefined && scannedTo > last ? scannedTo : last;
      if (to <= committed) return;
      this.apply(committed, to, batch);
      committed = to;
      batch = [];
    };
    try {
      let next = iterator.next();
      for (;;) {
        // With events in hand, commit as soon as the subscription has nothing more ready.
        const result = batch.length === 0 ? await next : await Promise.race([next, idle()]);
        if (result === IDLE) {
          flush();
          continue;
        }
        if (result.done) break;
        next = iterator.next();
        if (result.value.kind === 'event') {
          batch.push(result.value.event);
          if (batch.length >= this.batchSize) flush();
        } else {
          flush(result.value.position);
        }
      }
      flush();
    } finally {
      await subscription.close();
    }
  }

  /** One span a batch (tracing on): the read model, the events and the positions it moved between. */
  private apply(from: bigint, to: bigint, events: RecordedEvent[]): void {
    if (!tracingOn()) return this.foldAndCommit(from, to, events);
    const attributes = {
      'overgang.projection': this.definition.name,
      'overgang.events': events.length,
      'overgang.from': String(from),
      'overgang.to': String(to),
    };
    inSyncSpan('projection batch', attributes, () => this.foldAndCommit(from, to, events));
  }

  private foldAndCommit(from: bigint, to: bigint, events: RecordedEvent[]): void {
    const { definition } = this;
    const touched: [string, ProjectedEvent][] = [];
    for (const event of events) {
      if (!handlerOf(definition, event.type) || (this.skipped.size > 0 && this.skipped.has(event.id))) continue;
      const partition = partitionFor(definition, event);
      if (partition !== undefined) touched.push([partition, event]);
    }
    const loaded = this.readModels.load<State>(definition.name, new Set(touched.map(([p]) => p)));
    const states = new Map(loaded);
    for (const [partition, event] of touched) {
      states.set(partition, foldEvent(definition, states.get(partition) ?? definition.init(partition), event));
    }
    this.readModels.commit(definition.name, from, to, states, loaded);
    if (this.failedSinceCommit) {
      this.readModels.faults.passed(definition.name, { upTo: to });
      this.failedSinceCommit = false;
    }
    this.options.onCommitted?.(to, events.length);
    for (const resolve of this.commitWaiters.splice(0)) resolve();
  }
}
