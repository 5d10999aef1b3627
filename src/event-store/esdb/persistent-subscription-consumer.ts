import {
  PARK,
  PersistentSubscriptionExistsError,
  RETRY,
  ROUND_ROBIN,
  START,
  persistentSubscriptionToAllSettingsFromDefaults,
  type EventStoreDBClient,
  type PersistentSubscriptionToAll,
  type PersistentSubscriptionToAllResolvedEvent,
} from '@eventstore/db-client';
import { CompetingConsumer, CompetingConsumerOptions, CompetingConsumers } from '../competing-consumers';
import { recordedEventOf } from './esdb-event-store';
import { matchesFilter, serverFilterFor } from './esdb-mapping';
import { ReconnectBackoff, ResubscribeOptions } from './reconnect-backoff';

/**
 * Competing consumers on an EventStoreDB persistent subscription to $all (round robin): the
 * server hands each event to one connected instance, redelivers it if not acknowledged in time,
 * and parks it after `maxRetries` failures (replay parked messages from the EventStoreDB UI).
 */
export class PersistentSubscriptionConsumers implements CompetingConsumers {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly resubscribe: ResubscribeOptions = {},
  ) {}

  consumer(options: CompetingConsumerOptions): CompetingConsumer {
    return new PersistentSubscriptionConsumer(this.client, options, this.resubscribe);
  }
}

class PersistentSubscriptionConsumer implements CompetingConsumer {
  private stopped = false;
  private subscription?: PersistentSubscriptionToAll;
  private running?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly backoff: ReconnectBackoff;
  private readonly maxRetries: number;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: CompetingConsumerOptions,
    resubscribe: ResubscribeOptions,
  ) {
    this.backoff = new ReconnectBackoff(resubscribe);
    this.maxRetries = options.maxRetries ?? 10;
  }

  /** Returns at once: an unreachable store delays the work (retried with backoff), not the service's start. */
  async start(): Promise<void> {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.backoff.cancel();
    await Promise.all(this.inFlight);
    await this.subscription?.unsubscribe();
    await this.running;
  }

  private async ensureGroup(): Promise<void> {
    const settings = persistentSubscriptionToAllSettingsFromDefaults({
      startFrom: START,
      consumerStrategyName: ROUND_ROBIN,
      maxRetryCount: this.maxRetries,
      messageTimeout: this.options.messageTimeoutMs ?? 60_000,
    });
    try {
      await this.client.createPersistentSubscriptionToAll(this.options.group, settings, { filter: serverFilterFor(this.options.filter) });
    } catch (error) {
      if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
    }
  }

  private async run(): Promise<void> {
    const concurrency = this.options.concurrency ?? 16;
    while (!this.stopped) {
      let failure: unknown = new Error('the server ended the persistent subscription');
      try {
        await this.ensureGroup();
        const subscription = this.client.subscribeToPersistentSubscriptionToAll(this.options.group, { bufferSize: concurrency * 2 });
        this.subscription = subscription;
        for await (const resolved of subscription) {
          if (this.stopped) break;
          this.backoff.succeeded();
          const work = this.handle(subscription, resolved).finally(() => this.inFlight.delete(work));
          this.inFlight.add(work);
          if (this.inFlight.size >= concurrency) await Promise.race(this.inFlight);
        }
      } catch (error) {
        failure = error;
      }
      await Promise.all(this.inFlight);
      if (this.stopped) return;
      await this.backoff.afterDrop(failure);
    }
  }

  private async handle(subscription: PersistentSubscriptionToAll, resolved: PersistentSubscriptionToAllResolvedEvent): Promise<void> {
    const event = recordedEventOf(resolved);
    if (!event || !matchesFilter(event.streamId, event.type, this.options.filter)) {
      await subscription.ack(resolved);
      return;
    }
    try {
      await this.options.handle(event);
      await subscription.ack(resolved);
    } catch (error) {
      const park = resolved.retryCount >= this.maxRetries;
      const reason = error instanceof Error ? error.message : String(error);
      await subscription.nack(park ? PARK : RETRY, reason, resolved);
    }
  }
}
