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
import { backoffDelay, matchesFilter, serverFilterFor } from './esdb-mapping';
import { ResubscribeOptions } from './resubscribing-subscription';
import { toPortEvent } from './esdb-event-store';

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
  private interruptWait?: () => void;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: CompetingConsumerOptions,
    private readonly resubscribe: ResubscribeOptions,
  ) {}

  /** Returns at once: an unreachable store delays the work (retried with backoff), not the service's start. */
  async start(): Promise<void> {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptWait?.();
    await Promise.all(this.inFlight);
    await this.subscription?.unsubscribe();
    await this.running;
  }

  private async ensureGroup(): Promise<void> {
    const settings = persistentSubscriptionToAllSettingsFromDefaults({
      startFrom: START,
      consumerStrategyName: ROUND_ROBIN,
      maxRetryCount: this.options.maxRetries ?? 10,
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
    let attempt = 0;
    while (!this.stopped) {
      let failure: unknown = new Error('the server ended the persistent subscription');
      try {
        await this.ensureGroup();
        const subscription = this.client.subscribeToPersistentSubscriptionToAll(this.options.group, { bufferSize: concurrency * 2 });
        this.subscription = subscription;
        for await (const resolved of subscription) {
          if (this.stopped) break;
          attempt = 0;
          const work = this.handle(subscription, resolved).finally(() => this.inFlight.delete(work));
          this.inFlight.add(work);
          if (this.inFlight.size >= concurrency) await Promise.race(this.inFlight);
        }
      } catch (error) {
        failure = error;
      }
      await Promise.all(this.inFlight);
      if (this.stopped) return;
      attempt++;
      const delayMs = backoffDelay(attempt, this.resubscribe.initialDelayMs ?? 250, this.resubscribe.maxDelayMs ?? 30_000);
      this.resubscribe.onDropped?.({ error: failure, attempt, delayMs, resumeAfter: 0n });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.interruptWait = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async handle(subscription: PersistentSubscriptionToAll, resolved: PersistentSubscriptionToAllResolvedEvent): Promise<void> {
    const event = toPortEvent(resolved);
    if (!event || !matchesFilter(event.streamId, event.type, this.options.filter)) {
      await subscription.ack(resolved);
      return;
    }
    try {
      const { commit: _commit, ...recorded } = event;
      await this.options.handle(recorded);
      await subscription.ack(resolved);
    } catch (error) {
      const park = resolved.retryCount >= (this.options.maxRetries ?? 10);
      const reason = error instanceof Error ? error.message : String(error);
      await subscription.nack(park ? PARK : RETRY, reason, resolved);
    }
  }
}
