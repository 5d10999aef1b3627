import { CAMPAIGN_STREAM_PREFIX } from '../src/domain/campaign';
import { CITIZEN_STREAM_PREFIX } from '../src/domain/citizen';
import { defineProjection } from './projection';

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
}

/**
 * Per campaign: how many citizens it targeted and how many letters were sent, delivered and
 * finally failed. Letters and delivery results live in the citizens' streams and carry campaignId.
 */
export const campaignProgress = defineProjection<CampaignProgressRow>()({
  name: 'campaign-progress',
  version: 2,
  streamPrefixes: [CAMPAIGN_STREAM_PREFIX, CITIZEN_STREAM_PREFIX],
  partitionBy: (event) => {
    const campaignId = (event.data as { campaignId?: unknown }).campaignId;
    return typeof campaignId === 'string' ? campaignId : undefined;
  },
  init: (campaignId) => ({ campaignId, kind: null, status: 'unknown', targeted: 0, sent: 0, skipped: 0, delivered: 0, failed: 0 }),
  when: {
    CampaignStarted: (s, e) => ({ ...s, kind: (e.data as { kind: string }).kind, status: 'running' }),
    CampaignProgressed: (s, e) => ({ ...s, targeted: (e.data as { targeted: number }).targeted, skipped: (e.data as { skipped: number }).skipped }),
    CampaignPaused: (s) => ({ ...s, status: 'paused' }),
    CampaignResumed: (s) => ({ ...s, status: 'running' }),
    CampaignCompleted: (s, e) => ({ ...s, status: 'completed', targeted: (e.data as { targeted: number }).targeted, skipped: (e.data as { skipped: number }).skipped }),
    UpdateInfoLetterSent: (s) => ({ ...s, sent: s.sent + 1 }),
    NoticeSent: (s) => ({ ...s, sent: s.sent + 1 }),
    DigitalPostDelivered: (s) => ({ ...s, delivered: s.delivered + 1 }),
    DigitalPostDeliveryFailed: (s, e) => ((e.data as { final?: boolean }).final ? { ...s, failed: s.failed + 1 } : s),
  },
  indexes: { status: (s) => s.status, kind: (s) => s.kind },
});
