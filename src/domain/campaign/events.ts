import { storedEventsOf } from '../stored-events';
import { IsoDate } from '../dates';

import { CohortFilter } from './cohort';

/** Campaigns the agency starts itself (HTTP, CLI). */
export const LETTER_CAMPAIGN_KINDS = ['update-info-letter'] as const;
export type LetterCampaignKind = (typeof LETTER_CAMPAIGN_KINDS)[number];

/** Notices around the transition deadline, started by the transition scheduler (one campaign per milestone). */
export const NOTICE_KINDS = ['deadline-reminder', 'final-warning', 'keep-nemid', 'nemid-retired', 'nemid-no-longer-needed', 'nemid-shutdown'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const CAMPAIGN_KINDS = [...LETTER_CAMPAIGN_KINDS, ...NOTICE_KINDS] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const isNoticeKind = (kind: CampaignKind): kind is NoticeKind => (NOTICE_KINDS as readonly string[]).includes(kind);

export interface CampaignDefinition {
  kind: CampaignKind;
  /** The agency's filter, merged with the filter the kind itself requires. */
  cohort: CohortFilter;
  ratePerSecond: number;
  /** ISO-8601 instant; the worker does not send before it. */
  startAt: string;
  /** Notice campaigns: the transition deadline in force when the milestone came due (the letters name it). */
  deadline?: IsoDate;
}

/** Running totals; `cursor` is the last citizenId handled, in the cohort's keyset order. */
export interface CampaignTotals {
  cursor: string | null;
  targeted: number;
  sent: number;
  /** Citizens a rule said need no letter, in all (`skipped`) and per rule. */
  skipped: number;
  skippedByRule: Record<string, number>;
  /** Citizens whose letter could not be decided for any other reason (logged): a bug or a fault, never silent. */
  undecided: number;
}

type Event<Type extends string, Data> = { type: Type; data: Data };

export type CampaignStarted = Event<'CampaignStarted', { campaignId: string } & CampaignDefinition>;
export type CampaignProgressed = Event<'CampaignProgressed', { campaignId: string } & CampaignTotals>;
export type CampaignPaused = Event<'CampaignPaused', { campaignId: string; pausedAt: string }>;
export type CampaignResumed = Event<'CampaignResumed', { campaignId: string; resumedAt: string }>;
export type CampaignCompleted = Event<'CampaignCompleted', { campaignId: string; completedAt: string } & Omit<CampaignTotals, 'cursor'>>;

export type CampaignEvent = CampaignStarted | CampaignProgressed | CampaignPaused | CampaignResumed | CampaignCompleted;

/** The campaign's stream as stored. Steps recorded before the per-rule counts existed have none. */
export const CAMPAIGN_EVENTS = storedEventsOf<CampaignEvent>(
  { CampaignStarted: true, CampaignProgressed: true, CampaignPaused: true, CampaignResumed: true, CampaignCompleted: true },
  {
    CampaignProgressed: (stored) => ({ skippedByRule: {}, undecided: 0, ...(stored as Omit<CampaignProgressed['data'], 'skippedByRule' | 'undecided'>) }),
    CampaignCompleted: (stored) => ({ skippedByRule: {}, undecided: 0, ...(stored as Omit<CampaignCompleted['data'], 'skippedByRule' | 'undecided'>) }),
  },
);

export const CAMPAIGN_EVENT_TYPES = CAMPAIGN_EVENTS.types;

/** A campaign event as the campaign's fold takes it: with the business time it was recorded at, when known. */
export type DatedCampaignEvent = CampaignEvent & { occurredAt?: string };

/** A stored campaign event, upcast and dated; undefined for a type the campaign does not know. */
export function campaignEventOf(stored: { type: string; data: unknown; metadata: { occurredAt: string } }): DatedCampaignEvent | undefined {
  const event = CAMPAIGN_EVENTS.read(stored);
  return event && { ...event, occurredAt: stored.metadata.occurredAt };
}
