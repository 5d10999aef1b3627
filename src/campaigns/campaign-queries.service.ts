import { Inject, Injectable } from '@nestjs/common';
import { CampaignProgressRow, campaignProgress } from '../../projections/campaign-progress';
import { citizenStatus } from '../../projections/citizen-status';
import { CLOCK } from '../clock/clock.module';
import { CampaignKind, CampaignState, CohortFilter, NO_CAMPAIGN, cohortOf } from '../domain/campaign';
import { Clock } from '../domain/clock';
import { NotFound } from '../domain/errors';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { CampaignCommandHandler } from '../streams/campaign-command.handler';
import { CampaignListItem, CampaignPreview, CampaignView } from './campaign.dto';

type Started = Exclude<CampaignState, { status: 'none' }>;
type Pace = Pick<CampaignView, 'remaining' | 'lettersPerSecond' | 'estimatedCompletionAt'>;

/**
 * A campaign as the agency watches it. Its settings and totals are the campaign stream's one fold: the command
 * handler's kept fold for one campaign (read past what it holds, so a command's answer shows the command), the
 * read model's copy of the same fold for the list. Deliveries come from the read model.
 */
@Injectable()
export class CampaignQueries {
  constructor(
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
    const { state } = await this.campaigns.load(campaignId);
    if (state.status === 'none') throw new NotFound(NO_CAMPAIGN);
    const deliveries = this.readModels.of(campaignProgress).get(campaignId);
    const { campaignId: _, definition, totals, startedAt } = state;
    return {
      campaignId,
      status: state.status,
      ...definition,
      startedAt,
      ...totals,
      delivered: deliveries?.delivered ?? 0,
      failed: deliveries?.failed ?? 0,
      ...this.paceOf(state),
    };
  }

  /** A page of campaigns with their counts and pace, so a page that shows them all asks once. */
  list(status: CampaignListItem['status'] | undefined, page: { after?: string; limit: number }) {
    const rows = this.readModels.of(campaignProgress).find({ status }, page);
    return { items: rows.items.map((row) => this.listItemOf(row)), next: rows.next };
  }

  private listItemOf(row: CampaignProgressRow): CampaignListItem {
    const { campaign, ...counts } = row;
    // Letters of no campaign stream (the desk's) have counts and no pace.
    const pace: Pace = campaign.status === 'none' ? { remaining: 0, lettersPerSecond: null, estimatedCompletionAt: null } : this.paceOf(campaign);
    return { ...counts, ...pace };
  }

  /** Citizens of the cohort still ahead of the cursor, the letters per second so far, and when at that pace it is done. */
  private paceOf({ status, definition, totals, startedAt, progressedAt }: Started): Pace {
    const remaining = status === 'completed' ? 0 : this.readModels.of(citizenStatus).count(cohortOf(definition), { after: totals.cursor ?? undefined });
    const from = Math.max(Date.parse(definition.startAt), Date.parse(startedAt));
    const elapsedSeconds = progressedAt ? (Date.parse(progressedAt) - from) / 1000 : 0;
    const lettersPerSecond = elapsedSeconds >= 1 ? Math.round(totals.targeted / elapsedSeconds) : null;
    const pace = Math.min(lettersPerSecond ?? definition.ratePerSecond, definition.ratePerSecond);
    const estimatedCompletionAt = status === 'running' ? new Date(Math.max(this.clock.now().getTime(), from) + (remaining / pace) * 1000).toISOString() : null;
    return { remaining, lettersPerSecond, estimatedCompletionAt };
  }
}
