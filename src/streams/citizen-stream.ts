import { v5 as uuidV5 } from 'uuid';
import { CitizenEvent, toCitizenEvent } from '../domain/citizen';
import { RecordedEvent } from '../event-store/event-store';

/** Namespace for deterministic event ids (UUID v5), fixed forever: changing it would let letters be sent twice. */
const OVERGANG_EVENT_NAMESPACE = '6f0b7c1e-3f7a-4d38-9a57-2b1f0e5c8d41';

/**
 * Events that must happen once per occasion get an id derived from the occasion, so a retry,
 * a restart or a second worker appends the same id and the store treats it as a no-op.
 */
export function eventIdFor(citizenId: string, event: CitizenEvent): string | undefined {
  switch (event.type) {
    case 'UpdateInfoLetterSent':
      return deterministicEventId(`update-info-letter/${event.data.campaignId}/${citizenId}`);
    case 'NoticeSent':
      return deterministicEventId(`notice/${event.data.campaignId}/${citizenId}`);
    case 'NemIdRetired':
      return event.data.campaignId === undefined ? undefined : deterministicEventId(`nemid-retired/${event.data.campaignId}/${citizenId}`);
    default:
      return undefined;
  }
}

/** UUID v5 of a name that identifies the occasion (e.g. `update-info-letter/{campaignId}/{citizenId}`). */
export const deterministicEventId = (occasion: string) => uuidV5(occasion, OVERGANG_EVENT_NAMESPACE);

export const asCitizenEvent: (recorded: RecordedEvent) => CitizenEvent | undefined = toCitizenEvent;
