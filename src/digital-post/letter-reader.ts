import { AccessDenied } from '../auth/auth-errors';
import { asCitizenEvent } from '../streams/citizen-stream';
import { CITIZEN_FORGOTTEN, NemIdHolder, citizenDecider, citizenIdOf, citizenStream, isHolding, letterFactsOf } from '../domain/citizen';
import { Forgotten, NotFound } from '../domain/errors';
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { LetterDocument, LetterRenderer, LetterToRender } from './letter-renderer';
import { NO_NEMID_HOLDER } from '../domain/citizen';

/** Delivery addresses are stored as JSON by the desk (street, postalCode, city, country). */
function addressLines(stored: string): string[] {
  const address = JSON.parse(stored) as { street: string; postalCode: string; city: string; country: string };
  return [address.street, `${address.postalCode} ${address.city}`, ...(address.country === 'DK' ? [] : [address.country])];
}

/**
 * A letter event and its holder as the fold has them, ready for the renderer: the CPR number and address are decrypted
 * here, just before use, with the holder's own key (a Forgotten error when it was destroyed).
 */
export async function letterToRender(letter: RecordedEvent, holder: NemIdHolder, cipher: CitizenCipher): Promise<LetterToRender> {
  const event = asCitizenEvent(letter);
  const facts = event && letterFactsOf(event);
  if (!facts) throw new Error(`no letter kind for ${letter.type}`);
  const citizenId = citizenIdOf(letter.streamId);
  const [cpr, address] = await Promise.all([
    cipher.decrypt(citizenId, holder.protectedCpr),
    holder.protectedDeliveryAddress ? cipher.decrypt(citizenId, holder.protectedDeliveryAddress) : undefined,
  ]);
  return {
    letterId: letter.id,
    kind: facts.kind,
    deadline: facts.deadline,
    decidedAt: letter.metadata.occurredAt,
    decidedOn: facts.decidedOn,
    recipient: {
      cpr,
      profile: holder.profile,
      deliveryAddressLines: address === undefined ? undefined : addressLines(address),
    },
  };
}

/** A citizen's letters, readable as they received them: only a letter in that citizen's own stream. */
export class LetterReader {
  constructor(
    private readonly store: EventStore,
    private readonly cipher: CitizenCipher,
    private readonly renderer: LetterRenderer,
  ) {}

  /**
   * NotFound when there is no such citizen; AccessDenied when the letter is not theirs (whether or not it exists elsewhere);
   * Forgotten when it was sent in a life whose personal data was erased.
   */
  async read(citizenId: string, letterId: string, language: 'da' | 'en'): Promise<LetterDocument> {
    let state = citizenDecider.initialState();
    let letter: RecordedEvent | undefined;
    let erased = false;
    for await (const recorded of this.store.readStream(citizenStream(citizenId))) {
      const event = asCitizenEvent(recorded);
      if (!event) continue;
      state = citizenDecider.evolve(state, event);
      if (recorded.id === letterId && letterFactsOf(event)) letter = recorded;
      if (event.type === 'CitizenForgotten' && letter) erased = true;
    }
    if (state.status === 'no-nemid') throw new NotFound(NO_NEMID_HOLDER);
    if (erased) throw new Forgotten(CITIZEN_FORGOTTEN);
    if (!letter || !isHolding(state)) throw new AccessDenied({ da: 'brevet blev ikke sendt til denne borger', en: 'this letter was not sent to this citizen' });
    return this.renderer.document(await letterToRender(letter, state.holder, this.cipher), language);
  }
}
