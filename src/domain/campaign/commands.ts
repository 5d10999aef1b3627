import { CampaignDefinition } from './events';

/** `now` is business time from the injected clock, set by the command handler. */
type Command<Type extends string, Data> = { type: Type; data: Data; metadata: { now: Date } };

export type StartCampaign = Command<'StartCampaign', { campaignId: string } & CampaignDefinition>;
/** One batch walked by the worker: how many citizens it looked at, how many got a letter, how many the rules skipped. */
export type RecordCampaignProgress = Command<'RecordCampaignProgress', { cursor: string; targeted: number; sent: number; skipped: number }>;
export type PauseCampaign = Command<'PauseCampaign', Record<string, never>>;
export type ResumeCampaign = Command<'ResumeCampaign', Record<string, never>>;
export type CompleteCampaign = Command<'CompleteCampaign', Record<string, never>>;

export type CampaignCommand = StartCampaign | RecordCampaignProgress | PauseCampaign | ResumeCampaign | CompleteCampaign;
