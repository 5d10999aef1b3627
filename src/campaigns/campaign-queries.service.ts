import { Inject, Injectable } from '@nestjs/common';
import { CampaignProgressRow } from '../../projections/campaign-progress';
import { CLOCK } from '../clock/clock.module';
import { CampaignKind, CampaignState, CohortFilter, campaignDecider, cohortOf } from '../domain/campaign';
import { Clock } from '../domain/clock';
import { NotFound } from '../domain/errors';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { asCampaignEvent } from '../streams/campaign-stream';
import { campaignStream } from '../domain/campaign';
import { CampaignPreview, CampaignView } from './campaign.dto';
import { CampaignCommandHandler } from '../streams/campaign-command.handler';
import { campaignProgress } from '../../projections/campaign-progress';
import { citizenStatus } from '../../projections/citizen-status';
import { NO_CAMPAIGN } from '../domain/campaign';

/** A campaign as the agency watches it: its settings and totals from its stream, deliveries from the read model. */
@Injectable()
export class CampaignQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModelStore,
    private readonly campaigns: CampaignCommandHandler,
  ) {}

  /** The letters a campaign of this kind and cohort would send now, those on paper, and whether its id is taken. */
  async preview(campaignId: string, kind: CampaignKind, cohort: CohortFilter): Promise<Omit<CampaignPreview, 'campaignId'>> {
    const { state } = await this.campaigns.load(campaignId);
    const filter = cohortOf({ kind, cohort });
    const citizens = this.readModels.of(citizenStatus);
    return {
      existing: state.status === 'none' ? undefined : state.status,
      letters: citizens.count(filter),
      paper: filter.digitalPostExempt === false ? 0 : citizens.count({ ...filter, digitalPostExempt: true }),
    };
  }

  async view(campaignId: string): Promise<CampaignView> {
    let state: CampaignState = campaignDecider.initialState();
    let startedAt: string | undefined;
    let lastProgressAt: string | undefined;
    for await (const recorded of this.store.readStream(campaignStream(campaignId))) {
      const event = asCampaignEvent(recorded);
      if (!event) continue;
      state = campaignDecider.evolve(state, event);
      if (event.type === 'CampaignStarted') startedAt = recorded.metadata.occurredAt;
      if (event.type === 'CampaignProgressed') lastProgressAt = recorded.metadata.occurredAt;
    }
    if (state.status === 'none') throw new NotFound(NO_CAMPAIGN);
    const { definition, totals } = state;
    const deliveries = this.readModels.of(campaignProgress).get(campaignId);
    const remaining = state.status === 'completed' ? 0 : this.readModels.of(citizenStatus).count(cohortOf(definition), { after: totals.cursor ?? undefined });
    const from = Math.max(Date.parse(definition.startAt), Date.parse(startedAt!));
    const elapsedSeconds = lastProgressAt ? (Date.parse(lastProgressAt) - from) / 1000 : 0;
    const lettersPerSecond = elapsedSeconds >= 1 ? Math.round(totals.targeted / elapsedSeconds) : null;
    const pace = Math.min(lettersPerSecond ?? definition.ratePerSecond, definition.ratePerSecond);
    const estimatedCompletionAt =
      state.status === 'running'
        ? new Date(Math.max(this.clock.now().getTime(), from) + (remaining / pace) * 1000).toISOString()
        : null;
    return {
      campaignId,
      status: state.status,
      ...definition,
      startedAt: startedAt!,
      targeted: totals.targeted,
      sent: totals.sent,
      skipped: totals.skipped,
      skippedByRule: totals.skippedByRule,
      undecided: totals.undecided,
      delivered: deliveries?.delivered ?? 0,
      failed: deliveries?.failed ?? 0,
      remaining,
      lettersPerSecond,
      estimatedCompletionAt,
    };
  }
}
