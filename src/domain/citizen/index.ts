import { decide } from './decide';
import { evolve } from './evolve';
import { initialCitizenState } from './state';

export const citizenDecider = { decide, evolve, initialState: initialCitizenState };

export * from './commands';
export * from './events';
export * from './state';
export * from './identification';
export { decide, evolve };
export { summarize } from './timeline';
