import { addWeekdays, danishDateOf } from '../../dates';
import { RuleViolated } from '../../errors';
import type { ActivateCodeApp, OrderCodeCard, OrderTemporaryPassword, RegisterDeliveryAddress } from '../commands';
import type { CitizenEvent } from '../events';
import type { CitizenState } from '../state';
import { requireActiveNemId, requireCodeCardsStillSent, requireNemIdNotShutDown } from './holding';

/** The holder's authenticators: code cards, the code app, temporary passwords, and where letters about them go. */

export const CODE_APP_MINIMUM_CODES_LEFT = 2;
export const TEMPORARY_PASSWORD_DELIVERY_WEEKDAYS = 4;

export function registerDeliveryAddress(command: RegisterDeliveryAddress, state: CitizenState): CitizenEvent[] {
  requireNemIdNotShutDown(command.metadata);
  requireActiveNemId(state);
  return [{ type: 'DeliveryAddressRegistered', data: { protectedAddress: command.data.protectedAddress, registeredOn: danishDateOf(command.metadata.now) } }];
}

export function orderCodeCard(command: OrderCodeCard, state: CitizenState): CitizenEvent[] {
  const holder = requireActiveNemId(state);
  requireCodeCardsStillSent(command);
  if (holder.profile.addressProtected && !holder.deliveryAddressRegistered) {
    throw new RuleViolated('address-protection-needs-delivery-address', {
      da: 'adressen er beskyttet: registrér en leveringsadresse, før der bestilles et nøglekort',
      en: 'the address is protected: register a delivery address before ordering a code card',
    });
  }
  return [
    {
      type: 'CodeCardOrdered',
      data: {
        orderedOn: danishDateOf(command.metadata.now),
        largeFont: holder.profile.visualImpairment === 'partially-sighted',
        deliverTo: holder.deliveryAddressRegistered ? 'delivery-address' : 'registered-address',
      },
    },
  ];
}

export function activateCodeApp(command: ActivateCodeApp, state: CitizenState): CitizenEvent[] {
  requireNemIdNotShutDown(command.metadata);
  requireActiveNemId(state);
  if (command.data.codesLeftOnCard < CODE_APP_MINIMUM_CODES_LEFT) {
    throw new RuleViolated('code-app-needs-two-codes-left', {
      da: 'der skal være mindst to ubrugte koder tilbage på nøglekortet',
      en: 'at least two unused codes must be left on the code card',
    });
  }
  return [{ type: 'CodeAppActivated', data: { activatedOn: danishDateOf(command.metadata.now), codesLeftOnCard: command.data.codesLeftOnCard } }];
}

export function orderTemporaryPassword(command: OrderTemporaryPassword, state: CitizenState): CitizenEvent[] {
  const holder = requireActiveNemId(state);
  requireCodeCardsStillSent(command);
  const today = danishDateOf(command.metadata.now);
  return [
    {
      type: 'TemporaryPasswordOrdered',
      data: {
        orderedOn: today,
        latestDeliveryDate: addWeekdays(today, TEMPORARY_PASSWORD_DELIVERY_WEEKDAYS),
        deliverTo: holder.deliveryAddressRegistered ? 'delivery-address' : 'registered-address',
      },
    },
  ];
}
