import type { Decider } from '../decider';
import type { CitizenCommand } from './commands';
import type { CitizenEvent } from './events';
import type { CitizenState } from './state';
import { decide } from './decide';
import { evolve } from './evolve';
import { initialCitizenState } from './state';

export const citizenDecider: Decider<CitizenCommand, CitizenEvent, CitizenState> = { decide, evolve, initialState: initialCitizenState };

export * from './commands';
export * from './events';
export * from './state';
export * from './identification';
export { decide, evolve };
export { NO_LETTER_NEEDED_RULES, requireNemIdNotShutDown } from './decide';
export { actorName, detailsOf, summarize } from './timeline';
export * from './stream';
export * from './letters';
export * from './labels';
