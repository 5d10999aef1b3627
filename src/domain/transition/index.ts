import type { Decider } from '../decider';
import type { TransitionCommand } from './commands';
import type { TransitionEvent } from './events';
import type { TransitionState } from './decider';
import { decide, evolve, initialTransitionState } from './decider';

export const transitionDecider: Decider<TransitionCommand, TransitionEvent, TransitionState> = { decide, evolve, initialState: initialTransitionState };

export * from './commands';
export * from './events';
export * from './milestones';
export type { DeadlineChange, TransitionState } from './decider';
export { DEADLINE_IN_THE_PAST } from './decider';
export { decide, evolve };
