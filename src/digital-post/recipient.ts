import { CitizenProfile, NemIdIssued, DeliveryAddressRegistered, PersonalInfoUpdated, profileAfterInfoUpdate } from '../domain/citizen';
import { RecordedEvent } from '../event-store/event-store';
import { DigitalPostDeliveredData, DigitalPostDeliveryFailedData } from './delivery-events';

/** What delivery needs to know of a citizen, read from their stream; personal data still encrypted. */
export interface RecipientRecord {
  protectedCpr: string;
  profile: CitizenProfile;
  protectedDeliveryAddress?: string;
  /** Letters (by letter event id) already delivered or finally failed: nothing more to do for them. */
  settledLetters: Set<string>;
}

export function recipientFrom(events: Iterable<RecordedEvent>): RecipientRecord | undefined {
  let recipient: RecipientRecord | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'NemIdIssued': {
        const data = event.data as NemIdIssued['data'];
        recipient = { protectedCpr: data.protectedCpr, profile: data.profile, settledLetters: recipient?.settledLetters ?? new Set() };
        break;
      }
      case 'DeliveryAddressRegistered':
        if (recipient) recipient.protectedDeliveryAddress = (event.data as DeliveryAddressRegistered['data']).protectedAddress;
        break;
      case 'PersonalInfoUpdated':
        if (recipient) recipient.profile = profileAfterInfoUpdate(recipient.profile, event.data as PersonalInfoUpdated['data']);
        break;
      case 'DigitalPostDelivered':
        recipient?.settledLetters.add((event.data as DigitalPostDeliveredData).letterEventId);
        break;
      case 'DigitalPostDeliveryFailed': {
        const data = event.data as DigitalPostDeliveryFailedData;
        if (data.final) recipient?.settledLetters.add(data.letterEventId);
        break;
      }
    }
  }
  return recipient;
}
