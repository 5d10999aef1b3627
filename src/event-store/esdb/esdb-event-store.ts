import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type JSONType,
  type ReadPosition,
  type ResolvedEvent,
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
  SubscriptionMessage,
  WrongExpectedRevisionError,
} from '../event-store';
import { expectedRevisionFor, matchesFilter, portPositionOf, readPositionAfter, serverFilterFor } from './esdb-mapping';
import { ResubscribeOptions } from './reconnect-backoff';
import { SubscriptionAttempt, resubscribing } from './resubscribing-subscription';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://...` for a cluster. */
  connectionString: string;
  resubscribe?: ResubscribeOptions;
  /** A client built elsewhere (the unit tests' stub of the client's own API); default: one from the connection string. */
  client?: EventStoreDBClient;
}

/** Events buffered per subscription before the gRPC stream is paused. */
const HIGH_WATER = 2000;
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
 * The EventStore port on EventStoreDB / KurrentDB (gRPC client 6.x). Events are JSON with the
 * port's metadata as their custom metadata; EventStoreDB's own idempotency (same event ids)
 * makes a retried append a no-op. Subscriptions resubscribe after a drop (see
 * resubscribing-subscription.ts).
 */
export class EsdbEventStore implements EventStore {
  readonly positionUnit = 'log bytes';
  private readonly client: EventStoreDBClient;
  private readonly openSubscriptions = new Set<Subscription>();

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = options.client ?? EventStoreDBClient.connectionString`${options.connectionString}`;
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) => jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: { ...event.metadata } })),
        { expectedRevision: expectedRevisionFor(expected) },
      );
      return { nextRevision: result.nextExpectedRevision, position: portPositionOf(result.position) };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expected, error.actualVersion);
      }
      throw error;
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      resolveLinkTos: false,
    });
    try {
      for await (const resolved of cancelling(read)) {
        const event = recordedEventOf(resolved);
        if (event) yield event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.fromPosition ?? 0n;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    // Page by page, each with its count on the server; client 6.x reads $all without server-side
    // filters, so the filter (and the system events) are applied here.
    while (remaining > 0) {
      const count = options.filter ? READ_PAGE : Math.min(READ_PAGE, remaining + 1);
      let read = 0;
      let last = after;
      const page = this.client.readAll({ direction: FORWARDS, fromPosition: readPositionAfter(after), maxCount: count, resolveLinkTos: false });
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

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = resubscribing((after) => this.subscribeOnce(after, options.filter), options.fromPosition ?? 0n, this.options.resubscribe);
    this.openSubscriptions.add(subscription);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        this.openSubscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  /** One gRPC subscription, its events and the server's caught-up signal merged in order. */
  private subscribeOnce(after: bigint, filter: EventFilter | undefined): SubscriptionAttempt {
    const grpc: AllStreamSubscription = this.client.subscribeToAll({
      fromPosition: readPositionAfter(after),
      filter: serverFilterFor(filter),
      resolveLinkTos: false,
    });
    const queue: (SubscriptionMessage | { kind: 'end'; error?: unknown })[] = [];
    let notify: (() => void) | undefined;
    let caughtUpAfterBuffered: number | undefined;
    let latest = after;
    const push = (message: (typeof queue)[number]) => {
      queue.push(message);
      if (queue.length >= HIGH_WATER) grpc.pause();
      notify?.();
    };
    grpc.on('data', (resolved: AllStreamResolvedEvent) => {
      const event = recordedEventOf(resolved);
      if (event && event.position > latest && matchesFilter(event.streamId, event.type, filter)) {
        latest = event.position;
        push({ kind: 'event', event });
      }
      // The server's caught-up arrived while earlier events were still buffered: it follows them.
      if (caughtUpAfterBuffered !== undefined && --caughtUpAfterBuffered === 0) {
        caughtUpAfterBuffered = undefined;
        push({ kind: 'caught-up', position: latest });
      }
    });
    grpc.once('caughtUp', () => {
      if (grpc.readableLength === 0) push({ kind: 'caught-up', position: latest });
      else caughtUpAfterBuffered = grpc.readableLength;
    });
    grpc.on('error', (error: unknown) => push({ kind: 'end', error }));
    grpc.on('end', () => push({ kind: 'end' }));
    grpc.on('close', () => push({ kind: 'end' }));

    let closed = false;
    async function* messages(): AsyncGenerator<SubscriptionMessage> {
      while (!closed) {
        const message = queue.shift();
        if (!message) {
          await new Promise<void>((resolve) => (notify = resolve));
          notify = undefined;
          continue;
        }
        if (queue.length < HIGH_WATER / 2 && grpc.isPaused()) grpc.resume();
        if (message.kind === 'end') {
          if (message.error !== undefined) throw message.error;
          return;
        }
        yield message;
      }
    }
    return {
      messages: messages(),
      close: async () => {
        if (closed) return;
        closed = true;
        notify?.();
        await grpc.unsubscribe();
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
      for await (const resolved of cancelling(this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: READ_PAGE, resolveLinkTos: false }))) {
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

  async ping(): Promise<void> {
    for await (const _ of cancelling(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))) void _;
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

/** A port event from an EventStoreDB one; undefined for a link without its target or a non-JSON event. */
export function recordedEventOf(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: portPositionOf(event.position),
    data: event.data,
    metadata: event.metadata as unknown as RecordedEvent['metadata'],
  };
}
