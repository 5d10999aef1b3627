import type { CitizenCommand } from './commands';
import type { CitizenEvent } from './events';
import type { CitizenState } from './state';
import { activateCodeApp, orderCodeCard, orderTemporaryPassword, registerDeliveryAddress } from './rules/authenticators';
import { requireNemIdNotShutDown } from './rules/holding';
import { importNemId, issueNemId } from './rules/issue';
import { recordPersonalInfoUpdated, sendNotice, sendUpdateInfoLetter } from './rules/letters-and-updates';
import { createMitId, retireNemId } from './rules/mitid-and-retirement';
import { recordTimelineView } from './rules/openings';
import { forgetCitizen } from './rules/erasure';

export { requireNemIdNotShutDown } from './rules/holding';
export { MINIMUM_NEMID_AGE, SHORT_RESIDENCE_MONTHS } from './rules/issue';
export { CODE_APP_MINIMUM_CODES_LEFT, TEMPORARY_PASSWORD_DELIVERY_WEEKDAYS } from './rules/authenticators';
export { CODE_APP_PASSPORT_ISSUED_FROM, NO_LETTER_NEEDED_RULES } from './rules/letters-and-updates';

/** The citizen's decider: each command to the rules of its group in `rules/`. */
export function decide(command: CitizenCommand, state: CitizenState): CitizenEvent[] {
  switch (command.type) {
    case 'IssueNemId':
      requireNemIdNotShutDown(command.metadata);
      return issueNemId(command, state);
    case 'ImportNemId':
      requireNemIdNotShutDown(command.metadata);
      return importNemId(command, state);
    case 'RegisterDeliveryAddress':
      return registerDeliveryAddress(command, state);
    case 'OrderCodeCard':
      return orderCodeCard(command, state);
    case 'ActivateCodeApp':
      return activateCodeApp(command, state);
    case 'OrderTemporaryPassword':
      return orderTemporaryPassword(command, state);
    case 'SendUpdateInfoLetter':
      return sendUpdateInfoLetter(command, state);
    case 'SendNotice':
      return sendNotice(command, state);
    case 'RecordPersonalInfoUpdated':
      return recordPersonalInfoUpdated(command, state);
    case 'CreateMitId':
      return createMitId(command, state);
    case 'RetireNemId':
      return retireNemId(command, state);
    case 'RecordTimelineView':
      return recordTimelineView(command, state);
    case 'ForgetCitizen':
      return forgetCitizen(command, state);
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${(exhaustive as { type: string }).type}`);
    }
  }
}
