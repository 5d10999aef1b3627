import type { Decider } from '../decider';
import type { CampaignCommand } from './commands';
import type { DatedCampaignEvent } from './events';
import type { CampaignState } from './decider';
import { decide, evolve, initialCampaignState } from './decider';

export const campaignDecider: Decider<CampaignCommand, DatedCampaignEvent, CampaignState> = { decide, evolve, initialState: initialCampaignState };

export * from './commands';
export * from './events';
export type { CampaignState, CampaignStatus } from './decider';
export { CAMPAIGN_ID, COHORT_OF_KIND, NO_CAMPAIGN, START_GRACE_MS, canonical, cohortOf } from './decider';
export * from './stream';
export * from './cohort';
export * from './names';
