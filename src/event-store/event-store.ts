import { CarriesProblem, Problem, problemType } from '../http/problem';
/**
 * The EventStore port. Adapters: sqlite/ (the embedded default) and esdb/ (EventStoreDB, in production).
 * Both must pass the contract suite in test/event-store.contract.ts.
 *
 * Positions are global and increasing. `fromPosition` is always a checkpoint: the last
 * position already seen; reading and subscribing continue *after* it.
 */

export type ExpectedRevision = bigint | 'no_stream' | 'stream_exists' | 'any';

export interface Actor {
  role: string;
  subject: string;
}

export interface EventMetadata {
  /** Business time, from the injected clock (ISO-8601 instant). */
  occurredAt: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  schemaVersion: number;
  /** W3C trace context of the span the event was decided in, when tracing is on: the work that follows it continues the trace. */
  traceparent?: string;
  tracestate?: string;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /**
   * UUID. A retried append (the same events, the same expected revision they first went in at) records nothing
   * new on both stores: that is what the service relies on. Beyond it the stores differ (docs/eventstoredb.md:
   * Re-appends): the embedded store ignores known ids at any expected revision; EventStoreDB answers a conflict at
   * any other exact revision, and with 'any' or 'stream_exists' ignores them only while its id cache holds them.
   */
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  streamId: string;
  revision: bigint;
  position: bigint;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream (-1n for a stream that still has none). */
  nextRevision: bigint;
  /** Global position of the last event written (or found, for an idempotent re-append). */
  position: bigint;
}

export interface ReadStreamOptions {
  fromRevision?: bigint;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}

export interface EventFilter {
  streamPrefixes?: string[];
  eventTypes?: string[];
}

/** Whether an event of this type in this stream passes the filter (no filter passes everything). */
export function inFilter(filter: EventFilter | undefined, streamId: string, type: string): boolean {
  if (filter?.streamPrefixes?.length && !filter.streamPrefixes.some((prefix) => streamId.startsWith(prefix))) return false;
  return !filter?.eventTypes?.length || filter.eventTypes.includes(type);
}

/** What one commit wrote: each append's stream and the types of its events. */
export type Committed = { streamId: string; types: string[] }[];

/** Whether a commit wrote an event that passes the filter. */
export const committedInFilter = (committed: Committed, filter: EventFilter | undefined): boolean =>
  committed.some(({ streamId, types }) => types.some((type) => inFilter(filter, streamId, type)));

export interface ReadAllOptions {
  fromPosition?: bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface ReadStreamsInOrderOptions {
  /** The streams starting with one of these. */
  streamPrefixes: string[];
  eventTypes?: string[];
  /** Events after this position are left out: a rebuild reads up to the head it started from. */
  toPosition: bigint;
  /** Only the streams from this id on and before that one: a share of the streams, for another thread to read. */
  streamIds?: { from?: string; before?: string };
}

export interface SubscribeOptions {
  fromPosition?: bigint;
  filter?: EventFilter;
}

export type SubscriptionMessage =
  | { kind: 'event'; event: RecordedEvent }
  /** Sent once, when every event stored at subscription time has been delivered; live events follow. */
  | { kind: 'caught-up'; position: bigint };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

export interface EventStore {
  /** What a difference of positions counts: the embedded store numbers events, EventStoreDB's log counts bytes. */
  readonly positionUnit: 'events' | 'log bytes';
  append(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** A stream that does not exist reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * Every event of a set of streams, stream after stream (ordered by stream id), each stream in revision
   * order. Offered by a store that reads in this order about as cheaply as in global order: a projection
   * with one row per stream then rebuilds by writing each row once, with no row read back. In pages, as read:
   * a rebuild awaits once a page, not once an event. An event's id and metadata may be read from the store
   * only when first asked for (accessors of the event's class): copy an event by naming its fields.
   */
  readStreamsInOrder?(options: ReadStreamsInOrderOptions): AsyncIterable<RecordedEvent[]>;
  /**
   * About how many events the streams with these prefixes hold, and ids that cut those streams into at most `shares`
   * runs of about equal numbers of events, in order. Any cuts give every stream to exactly one run; estimates serve.
   */
  splitStreams?(streamPrefixes: string[], shares: number): Promise<{ events: number; cuts: string[] }>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the newest event in the store (0n when empty): projections report their lag against it. */
  headPosition(): Promise<bigint>;
  /** Cheap liveness probe for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error implements CarriesProblem {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }

  /** What is left after the command handler's retries: someone else kept changing the same record. */
  problem(): Problem {
    return {
      type: problemType('concurrency-conflict'),
      title: { da: 'Samtidig ændring', en: 'Concurrent change' },
      status: 409,
      detail: {
        da: 'oplysningerne blev ændret af en anden samtidig; læs dem igen, og prøv igen',
        en: 'the record was changed by someone else at the same time; read it again and retry',
      },
    };
  }
}

/** Nest injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EventStore');
