import { AccessDenied } from '../auth/auth-errors';
import { asCitizenEvent } from '../streams/citizen-stream';
import { NemIdHolder, citizenDecider, citizenStream, letterFactsOf } from '../domain/citizen';
import { NotFound } from '../domain/errors';
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { PersonalDataProtector } from '../personal-data/personal-data-protector';
import { LetterDocument, LetterRenderer, LetterToRender } from './letter-renderer';
import { NO_NEMID_HOLDER } from '../domain/citizen';

/** Delivery addresses are stored as JSON by the desk (street, postalCode, city, country). */
function addressLines(stored: string): string[] {
  const address = JSON.parse(stored) as { street: string; postalCode: string; city: string; country: string };
  return [address.street, `${address.postalCode} ${address.city}`, ...(address.country === 'DK' ? [] : [address.country])];
}

/** A letter event and its holder as the fold has them, ready for the renderer: the CPR number and address are decrypted here, just before use. */
export function letterToRender(letter: RecordedEvent, holder: NemIdHolder, protector: PersonalDataProtector): LetterToRender {
  const event = asCitizenEvent(letter);
  const facts = event && letterFactsOf(event);
  if (!facts) throw new Error(`no letter kind for ${letter.type}`);
  return {
    letterId: letter.id,
    kind: facts.kind,
    deadline: facts.deadline,
    decidedAt: letter.metadata.occurredAt,
    decidedOn: facts.decidedOn,
    recipient: {
      cpr: protector.decrypt(holder.protectedCpr),
      profile: holder.profile,
      deliveryAddressLines: holder.protectedDeliveryAddress ? addressLines(protector.decrypt(holder.protectedDeliveryAddress)) : undefined,
    },
  };
}

/** A citizen's letters, readable as they received them: only a letter in that citizen's own stream. */
export class LetterReader {
  constructor(
    private readonly store: EventStore,
    private readonly protector: PersonalDataProtector,
    private readonly renderer: LetterRenderer,
  ) {}

  /** NotFound when there is no such citizen; AccessDenied when the letter is not theirs (whether or not it exists elsewhere). */
  async read(citizenId: string, letterId: string, language: 'da' | 'en'): Promise<LetterDocument> {
    let state = citizenDecider.initialState();
    let letter: RecordedEvent | undefined;
    for await (const recorded of this.store.readStream(citizenStream(citizenId))) {
      const event = asCitizenEvent(recorded);
      if (!event) continue;
      state = citizenDecider.evolve(state, event);
      if (recorded.id === letterId && letterFactsOf(event)) letter = recorded;
    }
    if (state.status === 'no-nemid') throw new NotFound(NO_NEMID_HOLDER);
    if (!letter) throw new AccessDenied({ da: 'brevet blev ikke sendt til denne borger', en: 'this letter was not sent to this citizen' });
    return this.renderer.document(letterToRender(letter, state.holder, this.protector), language);
  }
}
