import { decide, evolve, initialTransitionState } from './decider';

export const transitionDecider = { decide, evolve, initialState: initialTransitionState };

export * from './commands';
export * from './events';
export * from './milestones';
export type { DeadlineChange, TransitionState } from './decider';
export { decide, evolve };
