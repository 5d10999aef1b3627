import type { Text } from '../domain/text';
import type { OnStall } from '../projection-engine/read-model-file/faults';

/** The words for a stalled read model, declared once for the CLI, the API and the agency page (which bundles this file). */
export const STALL_ACTIONS = {
  skip: { da: 'spring hændelsen over og fortsæt', en: 'skip the event and go on' },
  retry: { da: 'prøv hændelsen igen', en: 'try the event again' },
} as const satisfies Record<string, Text>;
export type StallAction = keyof typeof STALL_ACTIONS;

export const ON_STALL_NAMES = {
  wait: { da: 'vent (prøv igen, til nogen vælger)', en: 'wait (keep trying until someone decides)' },
  skip: { da: 'spring over og registrér', en: 'skip and record' },
} as const satisfies Record<OnStall, Text>;
