/** Equality filters on the citizen-status read model's index columns. */
export type CohortFilter = Record<string, string | boolean>;

export const CAMPAIGN_KINDS = ['update-info-letter'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export interface CampaignDefinition {
  kind: CampaignKind;
  /** The agency's filter, merged with the filter the kind itself requires. */
  cohort: CohortFilter;
  ratePerSecond: number;
  /** ISO-8601 instant; the worker does not send before it. */
  startAt: string;
}

/** Running totals; `cursor` is the last citizenId handled, in the cohort's keyset order. */
export interface CampaignTotals {
  cursor: string | null;
  targeted: number;
  sent: number;
  skipped: number;
}

type Event<Type extends string, Data> = { type: Type; data: Data };

export type CampaignStarted = Event<'CampaignStarted', { campaignId: string } & CampaignDefinition>;
export type CampaignProgressed = Event<'CampaignProgressed', { campaignId: string } & CampaignTotals>;
export type CampaignPaused = Event<'CampaignPaused', { campaignId: string; pausedAt: string }>;
export type CampaignResumed = Event<'CampaignResumed', { campaignId: string; resumedAt: string }>;
export type CampaignCompleted = Event<'CampaignCompleted', { campaignId: string; completedAt: string } & Omit<CampaignTotals, 'cursor'>>;

export type CampaignEvent = CampaignStarted | CampaignProgressed | CampaignPaused | CampaignResumed | CampaignCompleted;

export const CAMPAIGN_EVENT_TYPES: readonly CampaignEvent['type'][] = [
  'CampaignStarted',
  'CampaignProgressed',
  'CampaignPaused',
  'CampaignResumed',
  'CampaignCompleted',
];
