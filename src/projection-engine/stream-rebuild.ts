import { ProjectedEvent, ProjectionDefinition, partitionOf } from '../../projections/projection';
import { foldEvent } from './fold-failure';

export interface StreamFoldOptions<State> {
  batchSize: number;
  /** Rows of whole streams, each partition once; `events` counts the events folded into them. */
  write: (rows: ReadonlyMap<string, State>, events: number) => void;
  /** Asked after each write: true ends the fold there. */
  stopped: () => boolean;
}

/**
 * Folds events that come stream after stream, one stream's state at a time, and hands the rows on in batches.
 * Resolves true when every event was folded and written, false when stopped first.
 */
async function foldStreamByStream<State>(
  definition: ProjectionDefinition<State>,
  pages: AsyncIterable<ProjectedEvent[]>,
  { batchSize, write, stopped }: StreamFoldOptions<State>,
): Promise<boolean> {
  const rows = new Map<string, State>();
  let streamId: string | undefined;
  let partition: string | undefined;
  let state: State | undefined;
  let folded = 0;
  for await (const page of pages) {
    for (const event of page) {
      if (event.streamId !== streamId) {
        if (partition !== undefined && state !== undefined) rows.set(partition, state);
        if (rows.size >= batchSize) {
          write(rows, folded);
          rows.clear();
          folded = 0;
          if (stopped()) return false;
        }
        streamId = event.streamId;
        partition = partitionOf(definition, event);
        state = partition === undefined ? undefined : definition.init(partition);
      }
      folded++;
      if (state !== undefined) state = foldEvent(definition, state, event);
    }
  }
  if (partition !== undefined && state !== undefined) rows.set(partition, state);
  write(rows, folded);
  return true;
}

/** A run of streams by id: from `from` on (inclusive), before `before`. */
export interface StreamRange {
  from?: string;
  before?: string;
}

/**
 * Folds runs of streams, claiming the next unclaimed one from a counter that other threads share, until none is
 * left: each thread does as much as its speed allows, whenever it started. Resolves false when stopped first.
 */
export async function foldClaimedRanges<State>(
  definition: ProjectionDefinition<State>,
  ranges: StreamRange[],
  claim: Int32Array,
  read: (range: StreamRange) => AsyncIterable<ProjectedEvent[]>,
  options: StreamFoldOptions<State>,
): Promise<boolean> {
  for (let next = Atomics.add(claim, 0, 1); next < ranges.length; next = Atomics.add(claim, 0, 1)) {
    if (!(await foldStreamByStream(definition, read(ranges[next]), options))) return false;
  }
  return true;
}

/** The runs between cuts: before the first, between each two, from the last on. */
export const rangesBetween = (cuts: string[]): StreamRange[] => [...cuts, undefined].map((before, i) => ({ from: cuts[i - 1], before }));

/**
 * Turns at writing, between threads that share `lock`: one waits for the other's commit to end and wakes at
 * once, where SQLite's busy handler would sleep for milliseconds at a time.
 */
export function inTurn<T>(lock: Int32Array, write: () => T): T {
  while (Atomics.compareExchange(lock, 0, 0, 1) !== 0) Atomics.wait(lock, 0, 1);
  try {
    return write();
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}
