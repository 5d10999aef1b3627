import type { Decider } from '../decider';
import type { RetentionCommand } from './commands';
import type { DatedRetentionEvent } from './events';
import { RetentionState, decide, evolve, initialRetentionState } from './decider';

export const retentionDecider: Decider<RetentionCommand, DatedRetentionEvent, RetentionState> = { decide, evolve, initialState: initialRetentionState };

export * from './commands';
export * from './events';
export { retiredBy, runAhead, runningRun } from './decider';
export type { RetentionPlan, RetentionRun, RetentionState } from './decider';
