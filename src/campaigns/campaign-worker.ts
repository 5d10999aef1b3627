import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { citizenStatus } from '../../projections/citizen-status';
import { campaignProgress } from '../../projections/campaign-progress';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { CampaignDefinition, CampaignState, CampaignStatus, cohortOf, isNoticeKind } from '../domain/campaign';
import { NO_LETTER_NEEDED_RULES, SendNotice, SendUpdateInfoLetter } from '../domain/citizen';
import { Clock } from '../domain/clock';
import { DomainError, RuleViolated } from '../domain/errors';
import { CommandContext, CommandInput } from '../streams/command-handler';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { Page, ReadModelStore } from '../projection-engine/read-model-store';
import type { Context, Span } from '@opentelemetry/api';
import type { Metrics } from '../metrics/metrics';
import { contextOfEvent, inSpan, tracingOn } from '../tracing/tracing';
import { CompetingConsumers } from '../event-store/competing-consumers';
import { EventStore, RecordedEvent, Subscription } from '../event-store/event-store';
import { BackgroundLoopOptions } from '../workers/background-loop';
import { LocalOrSharedWorker } from '../workers/local-or-shared-worker';
import { CampaignCommandHandler } from '../streams/campaign-command.handler';
import { CAMPAIGN_STREAM_PREFIX } from '../domain/campaign';

export interface CampaignWorkerOptions extends BackgroundLoopOptions {
  /** Citizens per step: their letters are decided together and committed in one group commit. */
  batchSize?: number;
  /** On EventStoreDB: campaign steps shared between app instances through a persistent subscription. */
  consumers?: CompetingConsumers | null;
  /** Runs while the application runs (WORKERS=on): started on bootstrap, stopped before shutdown. */
  withApplication?: boolean;
  /** Where campaigns are started and resumed: the worker wakes up on those events instead of waiting out its pause. */
  events?: EventStore;
  /** Each step's citizens counted by outcome: the campaigns' pace. */
  metrics?: Pick<Metrics, 'campaignLetters'>;
}

export const CAMPAIGN_STEPS_CONSUMER = 'campaign-steps';
/** A turn not yet due (start time ahead, rate spent) goes back to the group after this long. */
const TURN_WAIT_MS = 20_000;

class TurnNotDue extends Error {
  constructor() {
    super('campaign not due yet: the turn goes back to the group');
  }
}

type LetterCommand = CommandInput<SendUpdateInfoLetter | SendNotice>;
type LetterOutcome = { kind: 'sent' } | { kind: 'skipped'; rule: string } | { kind: 'undecided' };

const logger = new Logger('Campaigns');

/** What the campaign asks of each citizen in its cohort. */
function letterCommandOf(campaignId: string, definition: CampaignDefinition): LetterCommand {
  if (!isNoticeKind(definition.kind)) return { type: 'SendUpdateInfoLetter', data: { campaignId } };
  return { type: 'SendNotice', data: { campaignId, notice: definition.kind, deadline: definition.deadline! } };
}

/**
 * Letters a campaign may send right now: refilled at its rate, at most one second's worth kept. It starts
 * full, so a campaign's first step goes out as soon as the worker looks (a token bucket).
 */
class RateAllowance {
  private tokens = Number.POSITIVE_INFINITY;
  private at = performance.now();

  available(ratePerSecond: number): number {
    const now = performance.now();
    this.tokens = Math.min(ratePerSecond, this.tokens + ((now - this.at) / 1000) * ratePerSecond);
    this.at = now;
    return Math.floor(this.tokens);
  }

  spend(count: number): void {
    this.tokens -= count;
  }
}

/**
 * Walks each running campaign's cohort in citizen-status key order. Per step: take the next
 * citizens after the campaign's cursor, decide each letter against the citizen's own stream
 * (someone who updated meanwhile gets none; a letter already sent is not sent again), then
 * record the cursor. A crash between the two repeats the step, which sends nothing twice.
 */
export class CampaignWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly batchSize: number;
  private wakeUps?: Subscription;
  private readonly allowances = new Map<string, RateAllowance>();
  private readonly ready = new Set<string>();
  private readonly startedIn = new Map<string, Context>();
  private readonly runs: LocalOrSharedWorker;

  constructor(
    private readonly campaigns: CampaignCommandHandler,
    private readonly citizens: CitizenCommandHandler,
    private readonly readModels: ReadModelStore,
    private readonly projections: ProjectionEngine,
    private readonly clock: Clock,
    private readonly options: CampaignWorkerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    const shared = options.consumers?.consumer({
      group: CAMPAIGN_STEPS_CONSUMER,
      filter: { streamPrefixes: [CAMPAIGN_STREAM_PREFIX], eventTypes: ['CampaignStarted', 'CampaignResumed', 'CampaignProgressed'] },
      concurrency: 4,
      // Waiting for a start time is not a failure: the turn is only ever handed on, never parked.
      maxRetries: 1_000_000,
      messageTimeoutMs: TURN_WAIT_MS * 3,
      handle: (event) => this.takeTurn(event),
    });
    this.runs = new LocalOrSharedWorker(() => this.round(), options, shared);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.withApplication) await this.start();
  }

  /** Before the read models and the event store close: the step in hand records its cursor. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** In one process: a loop over the running campaigns. Shared (EventStoreDB): a competing consumer. */
  async start(): Promise<void> {
    await this.runs.start();
    if (this.options.events && !this.options.consumers) void this.wakeOnCampaignEvents(this.options.events);
  }

  /** Graceful: the step in hand finishes and records its cursor. */
  async stop(): Promise<void> {
    await this.wakeUps?.close();
    await this.runs.stop();
  }

  /** A campaign started or resumed anywhere (a request, the scheduler, the CLI): look now rather than after the pause. */
  private async wakeOnCampaignEvents(events: EventStore): Promise<void> {
    const head = await events.headPosition();
    // Stopped while the head was read: opening the subscription now would leave it open.
    if (this.runs.stopping) return;
    const subscription = events.subscribeToAll({
      fromPosition: head,
      filter: { streamPrefixes: [CAMPAIGN_STREAM_PREFIX], eventTypes: ['CampaignStarted', 'CampaignResumed'] },
    });
    this.wakeUps = subscription;
    try {
      for await (const message of subscription) {
        if (message.kind !== 'event') continue;
        // The worker finds running campaigns in campaign-progress: it must have seen this one first.
        await this.projections.caughtUp('campaign-progress');
        this.runs.nudge();
      }
    } catch (error) {
      // Only a quicker start is lost: the loop still looks after each pause.
      logger.warn(`campaign wake-ups stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Shared mode: the newest event of a running campaign carries its turn. The instance that
   * receives it takes one step, whose CampaignProgressed hands the next turn to the group; an
   * older event (a replay, a redelivery) has no turn. Not due yet: wait, then hand it back.
   */
  private async takeTurn(event: RecordedEvent): Promise<void> {
    const campaignId = event.streamId.slice(CAMPAIGN_STREAM_PREFIX.length);
    const waitUntil = performance.now() + TURN_WAIT_MS;
    while (!this.runs.stopping && performance.now() < waitUntil) {
      const { state, revision } = await this.campaigns.load(campaignId);
      if (revision !== event.revision || state.status !== 'running') return;
      if (await this.step(campaignId)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new TurnNotDue();
  }

  /**
   * Runs these campaigns until each is completed (or paused), in the caller's time and at their
   * rate: the CLI's `schedule run --date` and tests, where the clock is virtual. `afterStep` runs after
   * each step that sent letters.
   */
  async runToCompletion(campaignIds: string[], afterStep?: () => Promise<void>): Promise<void> {
    const pending = new Set(campaignIds);
    while (pending.size > 0) {
      let worked = false;
      for (const campaignId of [...pending]) {
        const { state } = await this.campaigns.load(campaignId);
        if (state.status !== 'running') pending.delete(campaignId);
        else if (await this.step(campaignId)) {
          worked = true;
          await afterStep?.();
        }
      }
      // Nothing allowed yet (the rate, or a start time ahead): wait for the allowance to refill.
      if (!worked && pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** One step of every running campaign; true if any letters were decided. */
  private async round(): Promise<boolean> {
    const running = this.readModels.of(campaignProgress).find({ status: 'running' }, { limit: 1000 }).items;
    let worked = false;
    for (const { campaignId } of running) {
      if (this.runs.stopping) break;
      worked = (await this.step(campaignId)) || worked;
    }
    return worked;
  }

  private async step(campaignId: string): Promise<boolean> {
    const { state } = await this.campaigns.load(campaignId);
    if (state.status !== 'running') return false;
    const { definition, totals } = state;
    if (Date.parse(definition.startAt) > this.clock.now().getTime()) return false;
    if (!this.ready.has(campaignId)) {
      // The cohort comes from citizen-status: it must hold every citizen stored when the campaign started.
      await this.projections.caughtUp('citizen-status');
      this.ready.add(campaignId);
    }
    let allowance = this.allowances.get(campaignId);
    if (!allowance) this.allowances.set(campaignId, (allowance = new RateAllowance()));
    const limit = Math.min(this.batchSize, allowance.available(definition.ratePerSecond));
    if (limit === 0) return false;

    const context: CommandContext = { actor: { role: 'agency', subject: `campaign/${campaignId}` }, correlationId: campaignId };
    const page = this.readModels.of(citizenStatus).find(cohortOf(definition), { after: totals.cursor ?? undefined, limit });
    if (page.items.length === 0) return this.complete(campaignId, context);
    allowance.spend(page.items.length);
    // A child of the span that started the campaign (a request, the scheduler's day): its trace holds every step.
    const parent = tracingOn() ? await this.startContext(campaignId) : undefined;
    const attributes = { 'overgang.campaign': campaignId, 'overgang.campaign.kind': definition.kind, 'overgang.letters.targeted': page.items.length };
    return inSpan('campaign step', attributes, (span) => this.sendPage(campaignId, state, page, context, span), { parent });
  }

  /** The trace context the campaign was started in, read once per campaign: its first event never changes. */
  private async startContext(campaignId: string): Promise<Context> {
    let started = this.startedIn.get(campaignId);
    if (!started) this.startedIn.set(campaignId, (started = contextOfEvent(await this.campaigns.startedWith(campaignId))));
    return started;
  }

  private async sendPage(
    campaignId: string,
    state: Extract<CampaignState, { status: CampaignStatus }>,
    page: Page<{ citizenId: string }>,
    context: CommandContext,
    span: Span,
  ): Promise<boolean> {
    const { definition, totals } = state;
    const letter = letterCommandOf(campaignId, definition);
    const outcomes = await Promise.all(page.items.map((row) => this.sendLetter(campaignId, row.citizenId, letter, context)));
    const skippedByRule: Record<string, number> = {};
    const byOutcome = { sent: 0, skipped: 0, undecided: 0 };
    for (const outcome of outcomes) {
      byOutcome[outcome.kind]++;
      if (outcome.kind === 'skipped') skippedByRule[outcome.rule] = (skippedByRule[outcome.rule] ?? 0) + 1;
    }
    span.setAttributes({
      'overgang.letters.sent': byOutcome.sent,
      'overgang.letters.skipped': byOutcome.skipped,
      'overgang.letters.undecided': byOutcome.undecided,
    });
    for (const [outcome, count] of Object.entries(byOutcome))
      if (count > 0) this.options.metrics?.campaignLetters.inc({ kind: definition.kind, outcome }, count);
    try {
      await this.campaigns.handle(
        campaignId,
        {
          type: 'RecordCampaignProgress',
          data: {
            from: totals.cursor,
            cursor: page.items[page.items.length - 1].citizenId,
            targeted: page.items.length,
            sent: byOutcome.sent,
            skippedByRule,
            undecided: byOutcome.undecided,
          },
        },
        context,
      );
    } catch (error) {
      // Another worker recorded a step meanwhile, or the campaign completed: this step's letters are in either way,
      // and the next step from the new cursor counts any of them not yet counted.
      if (error instanceof DomainError) return true;
      throw error;
    }
    return page.next === null ? this.complete(campaignId, context) : true;
  }

  private async complete(campaignId: string, context: CommandContext): Promise<true> {
    try {
      await this.campaigns.handle(campaignId, { type: 'CompleteCampaign', data: {} }, context);
    } catch (error) {
      // Paused at the last step: it completes on the first step after it is resumed.
      if (!(error instanceof DomainError)) throw error;
    }
    return true;
  }

  /**
   * A letter for one citizen of the cohort. Skipped only when a rule says this citizen needs none; any
   * other refusal (a rule bug, a citizen the cohort should not hold) is logged and counted as undecided.
   */
  private async sendLetter(campaignId: string, citizenId: string, letter: LetterCommand, context: CommandContext): Promise<LetterOutcome> {
    try {
      // An empty result means this campaign's letter is already in the stream: it counts as sent.
      await this.citizens.handle(citizenId, letter, context);
      return { kind: 'sent' };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error instanceof RuleViolated && NO_LETTER_NEEDED_RULES.has(error.rule)) return { kind: 'skipped', rule: error.rule };
      // Ids and the refusal only: the citizenId is a keyed hash, and domain messages carry no personal data.
      logger.warn({ campaignId, citizenId, refusal: error.message }, 'a letter could not be decided');
      return { kind: 'undecided' };
    }
  }
}
