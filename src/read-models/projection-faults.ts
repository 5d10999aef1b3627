import { PROJECTIONS } from '../../projections';
import { NotFound, RuleViolated } from '../domain/errors';
import { ON_STALL, OnStall } from '../projection-engine/read-model-file/faults';
import { ON_STALL_NAMES, STALL_ACTIONS, StallAction } from './stall-texts';
import { ReadModelStore } from '../projection-engine/read-model-store';

export const PROJECTION_NAMES: readonly string[] = PROJECTIONS.map((definition) => definition.name);

function known(projection: string): void {
  if (!PROJECTION_NAMES.includes(projection)) {
    throw new NotFound({
      da: `der er ingen læsemodel med det navn; kendte: ${PROJECTION_NAMES.join(', ')}`,
      en: `there is no read model of that name; known: ${PROJECTION_NAMES.join(', ')}`,
    });
  }
}

/** Skips or retries the event a projection is stalled on, recorded with who did it; refused when it is not stalled. */
export function actOnStall(readModels: ReadModelStore, projection: string, action: StallAction, by: string, at: Date): void {
  known(projection);
  const changed = readModels.faults[action](projection, by, at.toISOString());
  if (changed === 0) {
    throw new RuleViolated('projection-not-stalled', {
      da: `læsemodellen ${projection} står ikke stille: der er intet at ${action === 'skip' ? 'springe over' : 'prøve igen'}`,
      en: `the read model ${projection} is not stalled: there is nothing to ${action}`,
    });
  }
}

export function setOnStall(readModels: ReadModelStore, projection: string, onStall: OnStall, by: string, at: Date): void {
  known(projection);
  readModels.faults.setPolicy(projection, onStall, by, at.toISOString());
}

export { ON_STALL, ON_STALL_NAMES, STALL_ACTIONS };
export type { OnStall, StallAction };
