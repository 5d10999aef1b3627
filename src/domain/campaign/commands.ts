import { CampaignDefinition } from './events';

/** `now` is business time from the injected clock, set by the command handler. */
type Command<Type extends string, Data> = { type: Type; data: Data; metadata: { now: Date } };

/** Without `startAt` the campaign starts now, and a repeated request matches the campaign whenever it was started. */
export type StartCampaign = Command<'StartCampaign', { campaignId: string } & Omit<CampaignDefinition, 'startAt'> & { startAt?: string }>;
/**
 * One step walked by the worker, from the cursor it started at (`from`) to `cursor`: how many
 * citizens it looked at, how many have the letter, how many each rule skipped, how many failed.
 */
export type RecordCampaignProgress = Command<
  'RecordCampaignProgress',
  { from: string | null; cursor: string; targeted: number; sent: number; skippedByRule: Record<string, number>; undecided: number }
>;
export type PauseCampaign = Command<'PauseCampaign', Record<string, never>>;
export type ResumeCampaign = Command<'ResumeCampaign', Record<string, never>>;
export type CompleteCampaign = Command<'CompleteCampaign', Record<string, never>>;

export type CampaignCommand = StartCampaign | RecordCampaignProgress | PauseCampaign | ResumeCampaign | CompleteCampaign;
