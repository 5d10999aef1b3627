import {
  PARK,
  PersistentSubscriptionExistsError,
  RETRY,
  ROUND_ROBIN,
  START,
  UnavailableError,
  persistentSubscriptionToAllSettingsFromDefaults,
  type EventStoreDBClient,
  type PersistentSubscriptionToAll,
  type PersistentSubscriptionToAllResolvedEvent,
  type PersistentSubscriptionToAllSettings,
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

/** The group settings this code asks for that the server's group may lack (after a change of code or configuration). */
export function changedSettings(current: PersistentSubscriptionToAllSettings, desired: PersistentSubscriptionToAllSettings): string[] {
  return (['maxRetryCount', 'messageTimeout', 'consumerStrategyName'] as const).filter((name) => current[name] !== desired[name]);
}

/** A node answers before its persistent-subscription service has started: wait this long for it, quietly. */
const READY_WAIT_MS = 500;
const READY_ATTEMPTS = 60;

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
    const subscription = this.subscription;
    if (subscription) {
      await this.handBack(subscription);
      await subscription.unsubscribe();
    }
    await this.running;
  }

  /** Messages pushed to this instance that never started go back to the group now, not after their timeout. */
  private async handBack(subscription: PersistentSubscriptionToAll): Promise<void> {
    const next = () => subscription.read() as PersistentSubscriptionToAllResolvedEvent | null;
    for (let resolved = next(); resolved !== null; resolved = next()) {
      await subscription.nack(RETRY, 'consumer stopping', resolved);
    }
  }

  private settings(): PersistentSubscriptionToAllSettings {
    return persistentSubscriptionToAllSettingsFromDefaults({
      startFrom: START,
      consumerStrategyName: ROUND_ROBIN,
      maxRetryCount: this.maxRetries,
      messageTimeout: this.options.messageTimeoutMs ?? 60_000,
    });
  }

  /** The group exists with the settings this code asks for: created, or updated when they changed. */
  private async ensureGroup(): Promise<void> {
    const settings = this.settings();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.createPersistentSubscriptionToAll(this.options.group, settings, { filter: serverFilterFor(this.options.filter) });
        return;
      } catch (error) {
        if (error instanceof PersistentSubscriptionExistsError) break;
        // Not ready yet is not a dropped subscription: wait for it without counting a drop.
        if (!(error instanceof UnavailableError) || attempt >= READY_ATTEMPTS || this.stopped) throw error;
        await new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS));
      }
    }
    const current = await this.client.getPersistentSubscriptionToAllInfo(this.options.group);
    if (changedSettings(current.settings, settings).length > 0) await this.client.updatePersistentSubscriptionToAll(this.options.group, settings);
  }

  private async run(): Promise<void> {
    const concurrency = this.options.concurrency ?? 16;
    while (!this.stopped) {
      let failure: unknown = new Error('the server ended the persistent subscription');
      try {
        await this.ensureGroup();
        // No more buffered than can be handled at once: the server's message timeout runs from the push,
        // so a letter waiting here for a handler slot would time out and go to another instance as well.
        const subscription = this.client.subscribeToPersistentSubscriptionToAll(this.options.group, { bufferSize: concurrency });
        this.subscription = subscription;
        for await (const resolved of subscription) {
          if (this.stopped) {
            await subscription.nack(RETRY, 'consumer stopping', resolved);
            break;
          }
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
