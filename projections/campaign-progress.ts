import { CAMPAIGN_STREAM_PREFIX, CampaignEvent, CampaignState, campaignDecider, campaignEventOf } from '../src/domain/campaign';
import { CITIZEN_STREAM_PREFIX, DigitalPostDelivered, DigitalPostDeliveryFailed, NoticeSent, UpdateInfoLetterSent } from '../src/domain/citizen';
import { ProjectedEvent, defineProjection } from './projection';

export interface CampaignProgressRow {
  campaignId: string;
  kind: string | null;
  status: 'running' | 'paused' | 'completed' | 'unknown';
  targeted: number;
  sent: number;
  /** Citizens of the cohort a rule says need no letter. */
  skipped: number;
  delivered: number;
  failed: number;
  /** The campaign's own fold (its decider's, with the times it started and last progressed): 'none' for letters of no campaign stream. */
  campaign: CampaignState;
}

type Folded = CampaignEvent | UpdateInfoLetterSent | NoticeSent | DigitalPostDelivered | DigitalPostDeliveryFailed;

/** One step of the campaign's own fold; the row's columns are read from it. */
function folded(row: CampaignProgressRow, event: ProjectedEvent<CampaignEvent>): CampaignProgressRow {
  const campaign = campaignDecider.evolve(row.campaign, campaignEventOf(event)!);
  if (campaign.status === 'none') return row;
  return { ...row, campaign, kind: campaign.definition.kind, status: campaign.status, targeted: campaign.totals.targeted, skipped: campaign.totals.skipped };
}

/**
 * Per campaign: its own state, how many citizens it targeted, and how many letters were sent, delivered and
 * finally failed. Letters and delivery results live in the citizens' streams and carry campaignId.
 */
export const campaignProgress = defineProjection<CampaignProgressRow, Folded>()({
  name: 'campaign-progress',
  version: 3,
  streamPrefixes: [CAMPAIGN_STREAM_PREFIX, CITIZEN_STREAM_PREFIX],
  partitionBy: (event) => event.data.campaignId,
  init: (campaignId) => ({
    campaignId,
    kind: null,
    status: 'unknown',
    targeted: 0,
    sent: 0,
    skipped: 0,
    delivered: 0,
    failed: 0,
    campaign: campaignDecider.initialState(),
  }),
  when: {
    CampaignStarted: folded,
    CampaignProgressed: folded,
    CampaignPaused: folded,
    CampaignResumed: folded,
    CampaignCompleted: folded,
    UpdateInfoLetterSent: (row) => ({ ...row, sent: row.sent + 1 }),
    NoticeSent: (row) => ({ ...row, sent: row.sent + 1 }),
    DigitalPostDelivered: (row) => ({ ...row, delivered: row.delivered + 1 }),
    DigitalPostDeliveryFailed: (row, event) => (event.data.final ? { ...row, failed: row.failed + 1 } : row),
  },
  indexes: { status: (row) => row.status, kind: (row) => row.kind },
});
