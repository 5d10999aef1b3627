import {
  PARK,
  PersistentSubscriptionExistsError,
  RETRY,
  ROUND_ROBIN,
  START,
  persistentSubscriptionToAllSettingsFromDefaults,
  type EventStoreDBClient,
  type PersistentSubscriptionToAll,
  type PersistentSubscriptionToAllInfo,
  type PersistentSubscriptionToAllResolvedEvent,
  type PersistentSubscriptionToAllSettings,
} from '@eventstore/db-client';
import { CompetingConsumer, CompetingConsumerOptions, CompetingConsumers } from '../competing-consumers';
import { recordedEventOf } from './recorded-event';
import { DEFAULT_RETRIES, RetryOptions, withRetries } from './client-errors';
import { matchesFilter, serverFilterFor } from './esdb-mapping';
import { GroupIdentity, GroupProgress, groupIdentity, isSupersededGroup, supersededBy } from './group-identity';
import { ReconnectBackoff, ResubscribeOptions } from './reconnect-backoff';

/**
 * Competing consumers on an EventStoreDB persistent subscription to $all (round robin): the
 * server hands each event to one connected instance, redelivers it if not acknowledged in time,
 * and parks it after `maxRetries` failures (replay parked messages from the EventStoreDB UI).
 */
export class PersistentSubscriptionConsumers implements CompetingConsumers {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly reporting: GroupReporting = {},
  ) {}

  consumer(options: CompetingConsumerOptions): PersistentSubscriptionConsumer {
    return new PersistentSubscriptionConsumer(this.client, options, this.reporting);
  }
}

export interface GroupReporting {
  resubscribe?: ResubscribeOptions;
  /** Group management's retries (default DEFAULT_RETRIES), with their reporting. */
  retries?: RetryOptions;
  /** Told of an earlier build's groups this consumer deleted. */
  onRetired?: (groups: string[]) => void;
}

/** How often a running consumer looks for an earlier build's group that can be deleted. */
const RETIRE_EVERY_MS = 5 * 60_000;

const progressOf = (info: PersistentSubscriptionToAllInfo): GroupProgress => ({
  connections: info.connections.length,
  checkpoint: info.stats.lastCheckpointedEventPosition?.prepare,
});

export class PersistentSubscriptionConsumer implements CompetingConsumer {
  private stopped = false;
  private readonly stopping = new AbortController();
  private subscription?: PersistentSubscriptionToAll;
  private running?: Promise<void>;
  private retiring?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly backoff: ReconnectBackoff;
  private readonly maxRetries: number;
  readonly identity: GroupIdentity;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: CompetingConsumerOptions,
    private readonly reporting: GroupReporting,
  ) {
    this.backoff = new ReconnectBackoff(reporting.resubscribe);
    this.maxRetries = options.maxRetries ?? 10;
    this.identity = groupIdentity(options.group, options.filter, this.settings());
  }

  /** Returns at once: an unreachable store delays the work (retried with backoff), not the service's start. */
  async start(): Promise<void> {
    this.running = this.run();
    this.retiring = setInterval(() => void this.retireSuperseded().catch(() => undefined), RETIRE_EVERY_MS).unref();
  }

  /** Ends whatever is in progress: a group being made, a wait between attempts, the subscription, the letters in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearInterval(this.retiring);
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

  /**
   * The group of this build exists: made if need be, never updated (its name says what it was made with). A new group
   * starts at the beginning of $all, so an event type the filter now takes is delivered even if it was stored before;
   * what was handled already is recognised by its handler (letters and steps are decided on their streams' state).
   */
  private async ensureGroup(): Promise<void> {
    const retries = { ...(this.reporting.retries ?? DEFAULT_RETRIES), signal: this.stopping.signal };
    try {
      await withRetries(
        'create persistent subscription group',
        () => this.client.createPersistentSubscriptionToAll(this.identity.name, this.settings(), { filter: serverFilterFor(this.options.filter) }),
        retries,
      );
    } catch (error) {
      if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
    }
  }

  /** Deletes an earlier build's groups for the same work once nobody reads them and this group has passed them. */
  async retireSuperseded(): Promise<string[]> {
    const groups = await this.client.listPersistentSubscriptionsToAll();
    const current = groups.find((group) => group.groupName === this.identity.name);
    if (!current) return [];
    const retired: string[] = [];
    for (const old of groups.filter((group) => isSupersededGroup(this.identity, group.groupName))) {
      if (!supersededBy(progressOf(old), progressOf(current))) continue;
      await this.client.deletePersistentSubscriptionToAll(old.groupName);
      retired.push(old.groupName);
    }
    if (retired.length > 0) this.reporting.onRetired?.(retired);
    return retired;
  }

  private async run(): Promise<void> {
    const concurrency = this.options.concurrency ?? 16;
    while (!this.stopped) {
      let failure: unknown = new Error('the server ended the persistent subscription');
      try {
        await this.ensureGroup();
        if (this.stopped) return;
        // No more buffered than can be handled at once: the server's message timeout runs from the push,
        // so a letter waiting here for a handler slot would time out and go to another instance as well.
        const subscription = this.client.subscribeToPersistentSubscriptionToAll(this.identity.name, { bufferSize: concurrency });
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
