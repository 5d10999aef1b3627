import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type JSONType,
  type ReadPosition,
  type StreamingRead,
} from '@eventstore/db-client';
import {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
  ExpectedRevision,
} from '../event-store';
import { clientConnectionString } from '../../config/event-store-url';
import { DEFAULT_RETRIES, RetryOptions, portErrorOf, withDeadline, withRetries } from './client-errors';
import { recordedEventOf, unreadableEventOf } from './recorded-event';
import { subscriptionAttempt } from './subscription-attempt';
import { expectedRevisionFor, matchesFilter, portPositionOf, readPositionAfter } from './esdb-mapping';
import { ResubscribeOptions } from './reconnect-backoff';
import { resubscribing } from './resubscribing-subscription';
import { inRecordedTrace, inSpan, tracedRead } from '../../tracing/tracing';
import { CLIENT_SPAN, EVENTSTOREDB, appendAttributes } from '../store-spans';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://...` for a cluster. */
  connectionString: string;
  resubscribe?: ResubscribeOptions;
  /** A client built elsewhere (the unit tests' stub of the client's own API); default: one from the connection string. */
  client?: EventStoreDBClient;
  /** Appends and group management tried again while the node is not ready or not the leader. */
  retries?: RetryOptions;
  deadlines?: Partial<Deadlines>;
}

/**
 * Every call has a deadline: client 6.x gives reads none (Infinity), so a node that stops answering would hold a
 * request, or /health, for ever. A read's deadline covers the whole call, so a page of $all has one of its own.
 */
export interface Deadlines {
  appendMs: number;
  /** One stream, as a command or a page reads it: citizens' streams hold tens of events. */
  readStreamMs: number;
  /** One page of $all (READ_PAGE events). */
  readPageMs: number;
  /** /health's probe: it must answer well within the health check's own timeout. */
  pingMs: number;
}

export const DEFAULT_DEADLINES: Deadlines = { appendMs: 10_000, readStreamMs: 10_000, readPageMs: 30_000, pingMs: 2_000 };

/** Events per read of $all: every read names its count to the server, so none is left open-ended. */
export const READ_PAGE = 1000;

/**
 * A client read that is cancelled when its reader stops early. In client 6.x, leaving a `for await`
 * only pauses the gRPC call (its deadline is infinite): the server then blocks on flow control and the
 * HTTP/2 stream stays open, and about 100 such streams stop every call on the connection.
 */
export async function* cancelling<E>(read: StreamingRead<E>): AsyncGenerator<E> {
  let finished = false;
  try {
    for await (const item of read) yield item as E;
    finished = true;
  } finally {
    if (!finished) await read.cancel();
  }
}

/**
 * The EventStore port on EventStoreDB / KurrentDB (gRPC client 6.x). Events are JSON with the port's metadata as
 * their custom metadata. Appends are tried again while a node is not ready or not the leader (the same events at the
 * same expected revision, which the server ignores if they went in); every call has a deadline; the client's errors
 * leave as the port's (store-errors.ts). Subscriptions resubscribe after a drop (resubscribing-subscription.ts).
 */
export class EsdbEventStore implements EventStore {
  readonly positionUnit = 'log bytes';
  private readonly client: EventStoreDBClient;
  private readonly openSubscriptions = new Set<Subscription>();
  private readonly retries: RetryOptions;
  readonly deadlines: Deadlines;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = options.client ?? EventStoreDBClient.connectionString(clientConnectionString(options.connectionString));
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    if (!inRecordedTrace()) return this.appendNow(streamId, events, expected);
    return inSpan(
      'event-store append',
      appendAttributes(EVENTSTOREDB, streamId, events, expected),
      () => this.appendNow(streamId, events, expected),
      CLIENT_SPAN,
    );
  }

  private async appendNow(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const toAppend = events.map((event) => jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: { ...event.metadata } }));
    try {
      const result = await withRetries(
        'append',
        () => this.client.appendToStream(streamId, toAppend, { expectedRevision: expectedRevisionFor(expected), deadline: this.deadlines.appendMs }),
        this.retries,
      );
      return { nextRevision: result.nextExpectedRevision, position: portPositionOf(result.position) };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expected, error.actualVersion);
      }
      throw error;
    }
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const read = this.readStreamEvents(streamId, options);
    return inRecordedTrace() ? tracedRead('event-store readStream', { ...EVENTSTOREDB, 'overgang.stream': streamId }, read) : read;
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const read = this.readAllEvents(options);
    return inRecordedTrace() ? tracedRead('event-store readAll', EVENTSTOREDB, read) : read;
  }

  /** From the leader (`requiresLeader`): a command decides on what it reads here, and a follower may lag behind it. */
  private async *readStreamEvents(streamId: string, options: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      resolveLinkTos: false,
      requiresLeader: true,
      deadline: this.deadlines.readStreamMs,
    });
    try {
      // Every event counts, JSON or not: a command appends at the revision of the stream's last event.
      for await (const resolved of cancelling(read)) yield recordedEventOf(resolved) ?? unreadableEventOf(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw portErrorOf(error);
    }
  }

  private async *readAllEvents(options: ReadAllOptions): AsyncIterable<RecordedEvent> {
    if (options.filter?.eventTypes?.length || options.filter?.streamPrefixes?.length) {
      yield* this.readFiltered(options.fromPosition ?? 0n, options.maxCount ?? Number.MAX_SAFE_INTEGER, options.filter);
      return;
    }
    let after = options.fromPosition ?? 0n;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    // Page by page, each with its count on the server; system events are left out here.
    while (remaining > 0) {
      const count = Math.min(READ_PAGE, remaining + 1);
      let read = 0;
      let last = after;
      const page = this.client.readAll({
        direction: FORWARDS,
        fromPosition: readPositionAfter(after),
        maxCount: count,
        resolveLinkTos: false,
        deadline: this.deadlines.readPageMs,
      });
      for await (const resolved of cancelling(page)) {
        read++;
        const position = resolved.event?.position?.prepare;
        if (position === undefined || position <= after) continue;
        last = position;
        const event = recordedEventOf(resolved);
        if (!event || !matchesFilter(event.streamId, event.type, options.filter)) continue;
        yield event;
        if (--remaining === 0) return;
      }
      if (read < count || last === after) return;
      after = last;
    }
  }

  /**
   * A filtered read of $all, filtered on the server: client 6.2.1's readAll sends no filter (every event of $all
   * would come to this process to be dropped here), while its subscribeToAll does. So a filtered read is a
   * subscription from the checkpoint that ends at the head as it was when the read began: at the server's
   * caught-up, at a server checkpoint past that head, or after the last event before it. A server that sends
   * nothing for a page's deadline is reported unavailable rather than waited on.
   */
  private async *readFiltered(from: bigint, maxCount: number, filter: EventFilter): AsyncGenerator<RecordedEvent> {
    const head = await this.headPosition();
    if (head <= from) return;
    const attempt = subscriptionAttempt(this.client, from, filter, { until: head, idleMs: this.deadlines.readPageMs });
    let remaining = maxCount;
    try {
      for await (const message of attempt.messages) {
        if (message.kind === 'caught-up') return;
        yield message.event;
        if (--remaining === 0 || message.event.position >= head) return;
      }
    } finally {
      await attempt.close();
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = resubscribing(
      (after) => subscriptionAttempt(this.client, after, options.filter),
      options.fromPosition ?? 0n,
      this.options.resubscribe,
    );
    this.openSubscriptions.add(subscription);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        this.openSubscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  /**
   * The newest event that is not EventStoreDB's own, page by page backwards: while system projections
   * catch up, a link event follows each user event, so the newest thousands can all be system events.
   */
  async headPosition(): Promise<bigint> {
    let from: ReadPosition = END;
    for (;;) {
      let read = 0;
      let oldest: bigint | undefined;
      const page = this.client.readAll({
        direction: BACKWARDS,
        fromPosition: from,
        maxCount: READ_PAGE,
        resolveLinkTos: false,
        deadline: this.deadlines.readPageMs,
      });
      for await (const resolved of cancelling(page)) {
        read++;
        const position = resolved.event?.position?.prepare;
        if (position === undefined || (oldest !== undefined && position >= oldest) || (from !== END && position >= from.prepare)) continue;
        oldest = position;
        const event = recordedEventOf(resolved);
        if (event && matchesFilter(event.streamId, event.type, undefined)) return event.position;
      }
      if (read < READ_PAGE || oldest === undefined) return 0n;
      from = { commit: oldest, prepare: oldest };
    }
  }

  /**
   * The newest event of $all within its deadline: what the service needs (a read of $all, so also the right
   * permissions). The call's own deadline does not cover the client finding its node (its channel and the server's
   * features are set up before the call), so the whole probe is timed here too.
   */
  async ping(): Promise<void> {
    const probe = async () => {
      for await (const _ of cancelling(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: this.deadlines.pingMs }))) void _;
    };
    try {
      await withDeadline(probe(), this.deadlines.pingMs);
    } catch (error) {
      throw portErrorOf(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.openSubscriptions].map((subscription) => subscription.close()));
    this.openSubscriptions.clear();
    await this.client.dispose();
  }

  /** The gRPC client, for the persistent-subscription consumers on the same connection. */
  get grpcClient(): EventStoreDBClient {
    return this.client;
  }
}
