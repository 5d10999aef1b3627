import { campaignProgress } from './campaign-progress';
import { citizenStatus } from './citizen-status';
import { migrationProgress } from './migration-progress';
import { populationImports } from './population-imports';
import { AnyProjectionDefinition } from './projection';

export { campaignProgress, citizenStatus, migrationProgress, populationImports };
export * from './projection';

/** Every projection the service runs. */
export const PROJECTIONS: AnyProjectionDefinition[] = [citizenStatus, migrationProgress, campaignProgress, populationImports];
