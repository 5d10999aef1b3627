import { Logger } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { LRUCache } from 'lru-cache';
import { v4 as uuidV4, v7 as uuidV7 } from 'uuid';
import { Clock } from '../domain/clock';
import type { Decider } from '../domain/decider';
import { NO_SPAN, inSpan, traceContextNow, tracingOn } from '../tracing/tracing';
import { Actor, EventMetadata, EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '../event-store/event-store';

type DomainEvent = { type: string; data: unknown };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command as callers give it: business time is added by the handler from the injected clock. */
export type CommandInput<Command> = DistributiveOmit<Command, 'metadata'>;

const logger = new Logger('Commands');

export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** What caused the command (an event, for work that follows one); default: the command itself, a new id. */
  causationId?: string;
}

/** The version of the stored event shapes; every event is written with it. */
const SCHEMA_VERSION = 1;

/** The one place event metadata is made: business time, who acted, and what it correlates with and was caused by. */
export function eventMetadata(now: Date, context: CommandContext & { causationId: string }): EventMetadata {
  return {
    occurredAt: now.toISOString(),
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: context.actor,
    schemaVersion: SCHEMA_VERSION,
    ...traceContextNow(),
  };
}

export interface StreamState<State> {
  state: State;
  /** Revision of the last event read; undefined for a stream that does not exist yet. */
  revision: bigint | undefined;
}

export interface HandledCommand<Event, State> {
  state: State;
  appended: Event[];
}

/** An event as stored, read or about to be appended: what a stream's domain event is made from. */
export type StoredEvent = Pick<RecordedEvent, 'type' | 'data' | 'metadata'>;

export interface StreamDefinition<Event extends DomainEvent> {
  /**
   * The domain event of a stored one, as the decider's evolve takes it (upcast, and with its time if the fold
   * keeps times); undefined for types the decider does not know (audit, newer versions). Appended events are
   * folded through it too, so the kept fold is the fold of the stream as read.
   */
  asDomainEvent(stored: StoredEvent): Event | undefined;
  /** Deterministic ids for events that must happen once per occasion; the default is a random UUID. */
  eventId?(event: Event, streamId: string): string | undefined;
  /**
   * Events whose decision holds whatever else the stream records meanwhile (it only needs the stream to
   * exist): appended with `stream_exists`, so a concurrent change never refuses them.
   */
  commutes?(event: Event): boolean;
}

/**
 * Streams whose folded state is kept between commands. A citizen's letter is decided, then delivered and
 * recorded moments later, and the next campaign finds them again: with the state at hand, each of those
 * reads only the events after it. A citizen's state is about 1.3 kB, so at most some 130 MB.
 */
const CACHED_STREAMS = 100_000;

const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5;

/** Full jitter: writers that collided do not collide again by retrying in step. */
const backoff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * RETRY_BASE_MS * 2 ** attempt));

/**
 * Load the stream, fold it, decide, append with the revision that was read (Emmett's
 * CommandHandler). A concurrent change makes the append fail; the command is then decided again after a
 * jittered pause.
 *
 * The folds of recently used streams are kept with their revision: a stream is append-only, so the fold of
 * its events after that revision on top of the kept state is the fold of the whole stream. Whatever else
 * appended meanwhile (another handler, another process) is read like any other event.
 */
export class EventSourcedCommandHandler<Command extends { type: string; metadata: { now: Date } }, Event extends DomainEvent, State> {
  private readonly folded = new LRUCache<string, { state: State; revision: bigint }>({ max: CACHED_STREAMS });

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly decider: Decider<Command, Event, State>,
    private readonly stream: StreamDefinition<Event>,
    /** What else the decider takes as input besides business time (read anew for each attempt). */
    private readonly inputs: () => Promise<Omit<Command['metadata'], 'now'>> = async () => ({}) as Omit<Command['metadata'], 'now'>,
  ) {}

  async load(streamId: string): Promise<StreamState<State>> {
    const kept = this.folded.get(streamId);
    let state = kept?.state ?? this.decider.initialState();
    let revision = kept?.revision;
    for await (const recorded of this.store.readStream(streamId, revision === undefined ? {} : { fromRevision: revision + 1n })) {
      revision = recorded.revision;
      const event = this.stream.asDomainEvent(recorded);
      if (event) state = this.decider.evolve(state, event);
    }
    if (revision !== undefined && revision !== kept?.revision) this.folded.set(streamId, { state, revision });
    return { state, revision };
  }

  /** In a span of its own (tracing on): the command, the stream, the attempts, the revision expected and the outcome. */
  handle(streamId: string, input: CommandInput<Command>, context: CommandContext): Promise<HandledCommand<Event, State>> {
    if (!tracingOn()) return this.decideAndAppend(streamId, input, context, NO_SPAN);
    const { type } = input;
    return inSpan(`command ${type}`, { 'overgang.command': type, 'overgang.stream': streamId, 'overgang.actor.role': context.actor.role }, (span) =>
      this.decideAndAppend(streamId, input, context, span),
    );
  }

  private async decideAndAppend(streamId: string, input: CommandInput<Command>, context: CommandContext, span: Span): Promise<HandledCommand<Event, State>> {
    const causationId = context.causationId ?? uuidV4();
    for (let attempt = 1; ; attempt++) {
      span.setAttribute('overgang.attempt', attempt);
      const [{ state, revision }, inputs] = await Promise.all([this.load(streamId), this.inputs()]);
      const now = this.clock.now();
      const events = this.decider.decide({ ...input, metadata: { ...inputs, now } } as unknown as Command, state);
      if (events.length === 0) {
        span.setAttribute('overgang.outcome', 'nothing-to-record');
        return { state, appended: [] };
      }
      const toAppend: NewEvent[] = events.map((event) => ({
        // Time-ordered (v7): the embedded store's index of event ids then grows at its end, so a commit dirties one
        // random page less and a checkpoint copies fewer (docs/benchmarks.md).
        id: this.stream.eventId?.(event, streamId) ?? uuidV7(),
        type: event.type,
        data: event.data,
        metadata: eventMetadata(now, { ...context, causationId }),
      }));
      try {
        const commutes = revision !== undefined && this.stream.commutes !== undefined && events.every(this.stream.commutes);
        const expectedRevision = commutes ? 'stream_exists' : (revision ?? 'no_stream');
        span.setAttribute('overgang.expected_revision', String(expectedRevision));
        const { nextRevision } = await this.store.append(streamId, toAppend, { expectedRevision });
        span.setAttributes({ 'overgang.outcome': 'appended', 'overgang.events': events.length });
        // Stream ids carry no personal data (a citizen's is a keyed hash); event data is never logged.
        logger.debug({ streamId, types: events.map((e) => e.type), actor: context.actor, correlationId: context.correlationId, attempt }, 'appended');
        const after = toAppend.reduce((folded, appended) => {
          const event = this.stream.asDomainEvent(appended);
          return event ? this.decider.evolve(folded, event) : folded;
        }, state);
        // Kept only when these events directly follow the ones folded (not a commuting append past others, not a replay).
        if (nextRevision === (revision ?? -1n) + BigInt(events.length)) this.folded.set(streamId, { state: after, revision: nextRevision });
        return { state: after, appended: events };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }
}
