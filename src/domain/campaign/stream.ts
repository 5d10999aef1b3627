/** Each campaign's events live in `campaign-<campaignId>`. */
export const CAMPAIGN_STREAM_PREFIX = 'campaign-';

export const campaignStream = (campaignId: string) => `${CAMPAIGN_STREAM_PREFIX}${campaignId}`;
