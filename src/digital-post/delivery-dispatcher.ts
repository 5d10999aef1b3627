import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../domain/clock';
import type { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { asCitizenEvent, deterministicEventId } from '../streams/citizen-stream';
import {
  CITIZEN_STREAM_PREFIX,
  DigitalPostDelivered,
  DigitalPostDeliveryFailed,
  LETTER_EVENT_TYPES,
  citizenIdOf,
  isHolding,
  letterFactsOf,
  letterSettled,
} from '../domain/citizen';
import { eventMetadata } from '../streams/command-handler';
import { CompetingConsumers } from '../event-store/competing-consumers';
import { EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '../event-store/event-store';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { retryWhileDiskFull } from '../storage/data-disk';
import { BackgroundLoopOptions } from '../workers/background-loop';
import { LocalOrSharedWorker } from '../workers/local-or-shared-worker';
import { DeliveryChannel, DeliveryOutcome } from './channels/channel';
import { DELIVERY_CONSUMER, DeliveryPosition } from './delivery-position';
import { LetterRenderer, RenderedLetter } from './letter-renderer';
import { letterToRender } from './letter-reader';
import { UndeliverableLetters, isMachineFault } from './letter-faults';
import type { Span } from '@opentelemetry/api';
import type { Metrics } from '../metrics/metrics';
import { contextOfEvent, inSpan, tracingOn } from '../tracing/tracing';

const logger = new Logger('DigitalPost');

const ACTOR = { role: 'system', subject: 'digital-post-delivery' };
const LETTER_FILTER = { streamPrefixes: [CITIZEN_STREAM_PREFIX], eventTypes: [...LETTER_EVENT_TYPES] };

export interface DispatcherOptions extends BackgroundLoopOptions {
  /** Letters read and delivered per round; the checkpoint moves after each round. */
  batchSize?: number;
  /** Letters in flight at once (the HTTP gateway waits on the network). */
  concurrency?: number;
  /** On EventStoreDB: letters shared between app instances through a persistent subscription. */
  consumers?: CompetingConsumers | null;
  /** Runs while the application runs (WORKERS=on): started on bootstrap, stopped before shutdown. */
  withApplication?: boolean;
  /** Deliveries and failed attempts counted by channel. */
  metrics?: Pick<Metrics, 'deliveries' | 'deliveryFailures'>;
  /** Letters that fail for a reason of their own are recorded here, tried again, and skipped once an operator (or the policy) says so. */
  undeliverable?: UndeliverableLetters;
}

/**
 * The outbox: follows letter events in the store, renders each letter, hands it to the channel
 * and records the result in the citizen's stream. Crash-safe without coordination: the checkpoint
 * only moves after a round, a letter whose result is already in the stream is skipped, a
 * re-delivered letter has the same file name / idempotency key, and result events have
 * deterministic ids appended at the revision read. So a letter is delivered at least once and recorded exactly once.
 */
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly runs: LocalOrSharedWorker;
  /** Ends the waits for room on a full disk when the dispatcher stops: the letters in hand then fail their round and come again. */
  private stopping = new AbortController();
  /** Letters waiting for room in the outbox now: the log says when the first starts and the last ends. */
  private waitingForRoom = 0;

  constructor(
    private readonly store: EventStore,
    private readonly citizens: Pick<CitizenCommandHandler, 'load'>,
    private readonly position: Pick<DeliveryPosition, 'read' | 'save'>,
    private readonly cipher: CitizenCipher,
    private readonly renderer: LetterRenderer,
    private readonly channel: DeliveryChannel,
    private readonly clock: Clock,
    private readonly options: DispatcherOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.concurrency = options.concurrency ?? (channel.name === 'http-gateway' ? 32 : 1000);
    const shared = options.consumers?.consumer({
      group: DELIVERY_CONSUMER,
      filter: LETTER_FILTER,
      concurrency: Math.min(this.concurrency, 64),
      // Above the channel's worst case with every retry, plus rendering: never handed to a second instance mid-delivery.
      messageTimeoutMs: Math.max(60_000, channel.longestDeliveryMs + 30_000),
      // A letter that failed is handed back: the group tries it again, then parks it.
      handle: async (letter) => {
        if (!(await this.attempt(letter))) throw new Error(`letter ${letter.id} could not be prepared`);
      },
    });
    this.runs = new LocalOrSharedWorker(async () => (await this.deliverRound()) > 0, options, shared);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.withApplication) await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** In one process: a loop over the store with a checkpoint. Shared (EventStoreDB): a competing consumer. */
  start(): Promise<void> {
    this.stopping = new AbortController();
    return this.runs.start();
  }

  /** Graceful: the letters in hand finish; the loop's checkpoint is saved. */
  stop(): Promise<void> {
    this.stopping.abort();
    return this.runs.stop();
  }

  /** Delivers every letter stored so far, in the caller's time (the CLI's `schedule run --date`, tests). */
  async deliverPending(): Promise<void> {
    while ((await this.deliverRound()) > 0);
  }

  private async deliverRound(): Promise<number> {
    const from = this.position.read();
    // Read the head first: when fewer letters than a batch come back, nothing else up to it is a letter.
    const head = await this.store.headPosition();
    const letters: RecordedEvent[] = [];
    for await (const event of this.store.readAll({ fromPosition: from, maxCount: this.batchSize, filter: LETTER_FILTER })) letters.push(event);
    const to = letters.length === this.batchSize ? letters[letters.length - 1].position : head > from ? head : from;
    const { undeliverable } = this.options;
    for (const letter of (await undeliverable?.due()) ?? []) if (await this.attempt(letter)) undeliverable?.delivered(letter);
    for (let i = 0; i < letters.length; i += this.concurrency) {
      // Every letter in hand finishes before a fault of the machine ends the round: none is still going when the next reads it again.
      const settled = await Promise.allSettled(letters.slice(i, i + this.concurrency).map((letter) => this.attempt(letter)));
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    }
    if (to > from) this.savePosition(to);
    return letters.length;
  }

  /**
   * Delivers a letter, or records that it failed for a reason of its own (false): the position then moves on past it
   * and it is tried again on its own; once skipped it counts as done (a skipped letter read again fails again and stays
   * skipped). A fault of the machine (the store, the disk) throws: the round is tried again.
   */
  private async attempt(letter: RecordedEvent): Promise<boolean> {
    try {
      await this.deliver(letter);
      return true;
    } catch (error) {
      const { undeliverable } = this.options;
      if (!undeliverable || isMachineFault(error)) throw error;
      return undeliverable.failed(letter, error).state === 'skipped';
    }
  }

  /**
   * The projections may hold the read-model file for a while (a rebuild in their own thread). The position
   * then stays where it was: the next round reads these letters again and skips each one already recorded.
   */
  private savePosition(to: bigint): void {
    try {
      this.position.save(to);
    } catch (error) {
      if ((error as { code?: string })?.code !== 'SQLITE_BUSY') throw error;
      logger.warn('the delivery position waits for the next round: the read-model file is busy');
    }
  }

  /** A letter the outbox has no room for is written once there is some; nothing is recorded until then. */
  private async deliverWhenThereIsRoom(letter: RenderedLetter): Promise<DeliveryOutcome> {
    let waited = false;
    const onWait = (waiting: boolean) => {
      if (!waiting || waited) return;
      waited = true;
      if (this.waitingForRoom++ === 0) logger.warn('letters wait: the outbox disk is full; each is written, then recorded, once there is room');
    };
    try {
      return await retryWhileDiskFull(() => this.channel.deliver(letter), { signal: this.stopping.signal, onWait });
    } finally {
      if (waited && --this.waitingForRoom === 0) logger.log('the outbox disk has room again, or the letters waiting for it stopped');
    }
  }

  private report(outcome: DeliveryOutcome): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    const channel = this.channel.name;
    metrics.deliveries.inc({ channel, outcome: outcome.delivered ? 'delivered' : 'failed' });
    if (outcome.failures.length > 0) metrics.deliveryFailures.inc({ channel }, outcome.failures.length);
  }

  /** The citizen as their stream says now (the domain's fold): who receives the letter, and the revision a result is recorded at. */
  private async citizenNow(letter: RecordedEvent, campaignId: string) {
    const { state, revision } = await this.citizens.load(citizenIdOf(letter.streamId));
    return { state, revision, settled: letterSettled(state, campaignId) };
  }

  /**
   * A span per letter, child of the span the letter was decided in (its event's trace context): a late letter's
   * trace shows the campaign step, the command and this delivery, with its channel and attempts.
   */
  private deliver(letter: RecordedEvent): Promise<void> {
    if (!tracingOn()) return this.deliverNow(letter, undefined);
    const attributes = { 'overgang.channel': this.channel.name, 'overgang.letter.type': letter.type, 'overgang.stream': letter.streamId };
    return inSpan('delivery', attributes, (span) => this.deliverNow(letter, span), { parent: contextOfEvent(letter.metadata) });
  }

  private async deliverNow(letter: RecordedEvent, span: Span | undefined): Promise<void> {
    const event = asCitizenEvent(letter);
    const facts = event && letterFactsOf(event);
    if (!facts) throw new Error(`no letter kind for ${letter.type}`);
    const { campaignId } = facts;
    const citizen = await this.citizenNow(letter, campaignId);
    if (citizen.settled || !isHolding(citizen.state) || citizen.revision === undefined) return;
    let revision: bigint = citizen.revision;
    const rendered = await this.renderer.render(await letterToRender(letter, citizen.state.holder, this.cipher));
    const outcome = await this.deliverWhenThereIsRoom(rendered);
    this.report(outcome);
    span?.setAttributes({
      'overgang.delivery.attempts': outcome.attempts,
      'overgang.delivery.delivered': outcome.delivered,
      'overgang.delivery.failures': outcome.failures.length,
    });
    const common = { campaignId, letterEventId: letter.id, messageUUID: rendered.messageUUID, channel: this.channel.name };
    // The letter caused its delivery result.
    const metadata = eventMetadata(this.clock.now(), { actor: ACTOR, correlationId: letter.metadata.correlationId, causationId: letter.id });
    const results: NewEvent[] = outcome.failures.map((reason, i) => ({
      id: deterministicEventId(`digital-post-delivery-failed/${letter.id}/${i + 1}`),
      type: 'DigitalPostDeliveryFailed',
      data: { ...common, attempt: i + 1, reason, final: !outcome.delivered && i === outcome.failures.length - 1 } satisfies DigitalPostDeliveryFailed['data'],
      metadata,
    }));
    if (outcome.delivered) {
      results.push({
        id: deterministicEventId(`digital-post-delivered/${letter.id}`),
        type: 'DigitalPostDelivered',
        data: {
          ...common,
          form: rendered.form,
          largePrint: rendered.largePrint,
          attempts: outcome.attempts,
          deliveredAt: metadata.occurredAt,
        } satisfies DigitalPostDelivered['data'],
        metadata,
      });
    }
    // At the revision read, never 'any': EventStoreDB ignores a re-append of known ids with 'any' only while
    // they are in its bounded cache, so a concurrent or later re-delivery could record a second result.
    for (;;) {
      try {
        await this.store.append(letter.streamId, results, { expectedRevision: revision });
        break;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        const again = await this.citizenNow(letter, campaignId);
        if (again.settled || again.revision === undefined) return;
        revision = again.revision;
      }
    }
    // Ids and outcome only: the rendered message carries the CPR number and is never logged.
    logger.debug(
      { letterId: letter.id, messageUUID: rendered.messageUUID, form: rendered.form, delivered: outcome.delivered, attempts: outcome.attempts },
      'letter delivered',
    );
  }
}
