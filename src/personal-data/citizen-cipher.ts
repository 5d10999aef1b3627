import { randomBytes } from 'node:crypto';
import { Forgotten } from '../domain/errors';
import { CITIZEN_FORGOTTEN } from '../domain/citizen/labels';
import { CitizenKeyStore, StoredCitizenKey } from './citizen-key-store';
import { PersonalDataProtector, keyNameOf } from './personal-data-protector';

/** Marks a token sealed with a citizen's own data key; master key ids cannot hold it. */
const CITIZEN_KEY_MARK = '~';
const KEY_BYTES = 32;

/** Whether a token is sealed with a citizen's own key (rather than a master key, as before per-citizen keys). */
export const isSealedPerCitizen = (token: string): boolean => keyNameOf(token).startsWith(CITIZEN_KEY_MARK);

/** A token sealed with a citizen's data key whose key is gone: the value was erased. */
export class ValueErased extends Forgotten {
  constructor() {
    super(CITIZEN_FORGOTTEN);
  }
}

/**
 * Envelope encryption per citizen: each citizen's personal values are sealed with their own data key, which the
 * key store keeps wrapped by the active master key. Destroying a citizen's keys erases every value sealed with them,
 * wherever the ciphertext lies (the log, its backups, exports). Tokens from before per-citizen keys, sealed with a
 * master key directly, stay readable.
 */
export class CitizenCipher {
  constructor(
    readonly protector: PersonalDataProtector,
    readonly keys: CitizenKeyStore,
  ) {}

  async encrypt(citizenId: string, plaintext: string): Promise<string> {
    const [token] = await this.encryptAll([{ citizenId, plaintext }]);
    return token;
  }

  /**
   * Each citizen of the call gets a key of their own, made now and stored in one durable write for all of them; the
   * values of one citizen in the call share it. Which keys a citizen has is read from their events (`sealedKeyRefs`).
   */
  async encryptAll(values: readonly { citizenId: string; plaintext: string }[]): Promise<string[]> {
    const citizenIds = [...new Set(values.map((v) => v.citizenId))];
    // One draw from the CSPRNG for all the keys: a call per key cost more than sealing with it.
    const fresh = randomBytes(citizenIds.length * KEY_BYTES);
    const keys = citizenIds.map((citizenId, i) => ({ citizenId, key: fresh.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES) }));
    const refs = await this.keys.add(keys.map(({ citizenId, key }) => ({ citizenId, wrapped: this.protector.encrypt(key.toString('base64')) })));
    const byCitizen = new Map(keys.map(({ citizenId, key }, i) => [citizenId, { keyName: `${CITIZEN_KEY_MARK}${refs[i]}`, key }]));
    return values.map(({ citizenId, plaintext }) => {
      const { keyName, key } = byCitizen.get(citizenId)!;
      return this.protector.seal(keyName, key, plaintext);
    });
  }

  /**
   * Sealed under the key `beside` (a value of this citizen's) was sealed with, while the key store still holds it
   * for them; else under a fresh key. A value recorded often (the reason for each opening of a record) then adds
   * no key and no durable write to the key store. Erasure is unchanged: a citizen's keys are destroyed together.
   */
  async encryptBeside(citizenId: string, beside: string, plaintext: string): Promise<string> {
    if (isSealedPerCitizen(beside)) {
      const keyName = keyNameOf(beside);
      const stored = await this.keys.get(citizenId, keyName.slice(CITIZEN_KEY_MARK.length));
      if (stored) return this.protector.seal(keyName, this.unwrap(stored), plaintext);
    }
    return this.encrypt(citizenId, plaintext);
  }

  /** ValueErased when the citizen's key for it was destroyed. */
  async decrypt(citizenId: string, token: string): Promise<string> {
    if (!isSealedPerCitizen(token)) return this.protector.decrypt(token);
    const stored = await this.keys.get(citizenId, keyNameOf(token).slice(CITIZEN_KEY_MARK.length));
    if (!stored) throw new ValueErased();
    const key = this.unwrap(stored);
    try {
      return this.protector.open(key, token);
    } catch {
      // Not the key it was sealed with (a key store restored after losing it gave the reference again): unreadable.
      throw new ValueErased();
    }
  }

  private unwrap(stored: StoredCitizenKey): Buffer {
    return Buffer.from(this.protector.decrypt(stored.wrapped), 'base64');
  }
}

/** The references of every key a stored event's values were sealed with (its `protected…` fields). */
export function sealedKeyRefs(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data).flatMap(([field, value]) =>
    field.startsWith('protected') && typeof value === 'string' && isSealedPerCitizen(value) ? [keyNameOf(value).slice(CITIZEN_KEY_MARK.length)] : [],
  );
}
