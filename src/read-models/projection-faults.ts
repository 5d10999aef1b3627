import { PROJECTIONS } from '../../projections';
import { NotFound, RuleViolated } from '../domain/errors';
import { DELIVERY_CONSUMER, ON_STALL, OnStall } from '../projection-engine/read-model-file/faults';
import { ON_STALL_NAMES, STALL_ACTIONS, StallAction } from './stall-texts';
import { ReadModelStore } from '../projection-engine/read-model-store';

export const PROJECTION_NAMES: readonly string[] = PROJECTIONS.map((definition) => definition.name);

/** Whose dead letters an operator sees and acts on: each read model, and the Digital Post delivery. */
export const DEAD_LETTER_OWNERS: readonly string[] = [...PROJECTION_NAMES, DELIVERY_CONSUMER];

function known(projection: string): void {
  if (!DEAD_LETTER_OWNERS.includes(projection)) {
    throw new NotFound({
      da: `der er ingen læsemodel eller levering med det navn; kendte: ${DEAD_LETTER_OWNERS.join(', ')}`,
      en: `there is no read model or delivery of that name; known: ${DEAD_LETTER_OWNERS.join(', ')}`,
    });
  }
}

/** Skips or retries the event a projection is stalled on, recorded with who did it; refused when it is not stalled. */
export function actOnStall(readModels: ReadModelStore, projection: string, action: StallAction, by: string, at: Date): void {
  known(projection);
  const changed = readModels.faults[action](projection, by, at.toISOString());
  if (changed === 0) {
    throw new RuleViolated('projection-not-stalled', {
      da: `${projection} står ikke stille: der er intet at ${action === 'skip' ? 'springe over' : 'prøve igen'}`,
      en: `${projection} is not stalled: there is nothing to ${action}`,
    });
  }
}

export function setOnStall(readModels: ReadModelStore, projection: string, onStall: OnStall, by: string, at: Date): void {
  known(projection);
  readModels.faults.setPolicy(projection, onStall, by, at.toISOString());
}

export { ON_STALL, ON_STALL_NAMES, STALL_ACTIONS };
export type { OnStall, StallAction };
