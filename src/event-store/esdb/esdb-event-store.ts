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
  type ResolvedEvent,
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
}

/** Events buffered per subscription before the gRPC stream is paused. */
const HIGH_WATER = 2000;
/** Commit positions remembered for exact resumption (see esdb-mapping.ts). */
const KNOWN_COMMITS = 10_000;

type PortEvent = RecordedEvent & { commit?: bigint };

/**
 * The EventStore port on EventStoreDB / KurrentDB (gRPC client 6.x). Events are JSON with the
 * port's metadata as their custom metadata; EventStoreDB's own idempotency (same event ids)
 * makes a retried append a no-op. Subscriptions resubscribe after a drop (see
 * resubscribing-subscription.ts).
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly commits = new Map<bigint, bigint>();
  private readonly openSubscriptions = new Set<Subscription>();

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString`${options.connectionString}`;
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) => jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: { ...event.metadata } })),
        { expectedRevision: expectedRevisionFor(expected) },
      );
      if (result.position) this.remember(result.position.prepare, result.position.commit);
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
      for await (const resolved of read) {
        const event = toPortEvent(resolved);
        if (event) yield event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const after = options.fromPosition ?? 0n;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (remaining <= 0) return;
    // client 6.x reads $all without server-side filters: the filter is applied here.
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: readPositionAfter(after, this.commits.get(after)), resolveLinkTos: false });
    for await (const resolved of read) {
      const event = toPortEvent(resolved);
      if (!event || event.position <= after || !matchesFilter(event.streamId, event.type, options.filter)) continue;
      this.remember(event.position, event.commit);
      yield strip(event);
      if (--remaining === 0) return;
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
      fromPosition: readPositionAfter(after, this.commits.get(after)),
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
      const event = toPortEvent(resolved);
      if (event && event.position > latest && matchesFilter(event.streamId, event.type, filter)) {
        latest = event.position;
        this.remember(event.position, event.commit);
        push({ kind: 'event', event: strip(event) });
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

  async headPosition(): Promise<bigint> {
    // The newest event that is not EventStoreDB's own (statistics, projection links).
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 10_000, resolveLinkTos: false })) {
      const event = toPortEvent(resolved);
      if (event && matchesFilter(event.streamId, event.type, undefined)) return event.position;
    }
    return 0n;
  }

  async ping(): Promise<void> {
    for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) break;
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

  private remember(prepare: bigint, commit: bigint | undefined): void {
    if (commit === undefined) return;
    this.commits.set(prepare, commit);
    if (this.commits.size > KNOWN_COMMITS) this.commits.delete(this.commits.keys().next().value!);
  }
}

/** A port event from an EventStoreDB one; undefined for a link without its target or a non-JSON event. */
function toPortEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): PortEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: portPositionOf(event.position),
    commit: event.position?.commit,
    data: event.data,
    metadata: event.metadata as unknown as RecordedEvent['metadata'],
  };
}

function strip({ commit: _commit, ...event }: PortEvent): RecordedEvent {
  return event;
}

/** The port's event, for consumers that need no commit position (persistent subscriptions). */
export function recordedEventOf(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = toPortEvent(resolved);
  return event && strip(event);
}
