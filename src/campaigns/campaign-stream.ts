import { CAMPAIGN_EVENT_TYPES, CampaignEvent } from '../domain/campaign';
import { RecordedEvent } from '../event-store/event-store';

export const CAMPAIGN_STREAM_PREFIX = 'campaign-';
export const campaignStream = (campaignId: string) => `${CAMPAIGN_STREAM_PREFIX}${campaignId}`;

const TYPES = new Set<string>(CAMPAIGN_EVENT_TYPES);
export const asCampaignEvent = (recorded: RecordedEvent): CampaignEvent | undefined =>
  TYPES.has(recorded.type) ? ({ type: recorded.type, data: recorded.data } as CampaignEvent) : undefined;
