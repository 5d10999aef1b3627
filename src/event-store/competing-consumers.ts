import { EventFilter, RecordedEvent } from './event-store';

/**
 * Work shared between app instances: each matching event goes to one consumer of the group.
 * On EventStoreDB this is a persistent subscription (esdb/persistent-subscription-consumer.ts);
 * the embedded store runs in one process and keeps its own checkpointed loops instead.
 */
export interface CompetingConsumerOptions {
  /** Persistent subscription group name: every instance consuming it shares its events. */
  group: string;
  filter: EventFilter;
  /** Resolves: acknowledged. Throws: retried, and parked after `maxRetries`. */
  handle(event: RecordedEvent): Promise<void>;
  /** Events handled at once by this instance. */
  concurrency?: number;
  maxRetries?: number;
  /** Longest a handler may run before the server gives the event to another consumer. */
  messageTimeoutMs?: number;
}

export interface CompetingConsumer {
  start(): Promise<void>;
  /** Graceful: events in hand finish and are acknowledged. */
  stop(): Promise<void>;
}

export interface CompetingConsumers {
  consumer(options: CompetingConsumerOptions): CompetingConsumer;
}

/** Nest injection token; provided only when the store shares work between instances (EventStoreDB). */
export const COMPETING_CONSUMERS = Symbol('CompetingConsumers');
