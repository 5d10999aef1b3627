import { decide, evolve, initialCampaignState } from './decider';

export const campaignDecider = { decide, evolve, initialState: initialCampaignState };

export * from './commands';
export * from './events';
export type { CampaignState, CampaignStatus } from './decider';
export { CAMPAIGN_ID, COHORT_OF_KIND, START_GRACE_MS, canonical, cohortOf } from './decider';
