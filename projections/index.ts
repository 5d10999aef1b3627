import { campaignProgress } from './campaign-progress';
import { citizenStatus } from './citizen-status';
import { migrationProgress } from './migration-progress';
import { AnyProjectionDefinition } from './projection';

export { campaignProgress, citizenStatus, migrationProgress };
export * from './projection';

/** Every projection the service runs. */
export const PROJECTIONS: AnyProjectionDefinition[] = [citizenStatus, migrationProgress, campaignProgress];
