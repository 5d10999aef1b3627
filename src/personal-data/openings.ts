import type { TimelineViewed } from '../domain/citizen';
import { CitizenCipher, ValueErased } from './citizen-cipher';

/** An opening of a record as staff and the citizen read it: its sealed reason read back, or left out once erased. */
export async function openingReadBack(cipher: CitizenCipher, citizenId: string, opening: TimelineViewed['data']): Promise<TimelineViewed['data']> {
  if (opening.protectedReason === undefined) return opening;
  try {
    return { ...opening, reason: await cipher.decrypt(citizenId, opening.protectedReason) };
  } catch (error) {
    if (error instanceof ValueErased) return opening;
    throw error;
  }
}
