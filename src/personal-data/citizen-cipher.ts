import { randomBytes } from 'node:crypto';
import { Forgotten } from '../domain/errors';
import { CITIZEN_FORGOTTEN } from '../domain/citizen/labels';
import { CitizenKeyStore, StoredCitizenKey } from './citizen-key-store';
import { PersonalDataProtector, keyNameOf } from './personal-data-protector';

/** Marks a token sealed with a citizen's own data key; master key ids cannot hold it. */
const CITIZEN_KEY_MARK = '~';
const KEY_BYTES = 32;
const KEY_REF_BYTES = 12;

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

  /** One read of the key store for all of them, and one durable write for the keys it had to make. */
  async encryptAll(values: readonly { citizenId: string; plaintext: string }[]): Promise<string[]> {
    const citizenIds = [...new Set(values.map((v) => v.citizenId))];
    const known = await this.keys.newest(citizenIds);
    const made: StoredCitizenKey[] = [];
    const plainKeys = new Map<string, { keyRef: string; key: Buffer }>();
    // One draw from the CSPRNG for all the keys to make: a call per key cost more than sealing with it.
    const fresh = randomBytes((citizenIds.length - known.size) * (KEY_BYTES + KEY_REF_BYTES));
    let next = 0;
    for (const citizenId of citizenIds) {
      const stored = known.get(citizenId);
      if (stored) {
        plainKeys.set(citizenId, { keyRef: stored.keyRef, key: this.unwrap(stored) });
        continue;
      }
      const key = fresh.subarray(next, next + KEY_BYTES);
      const keyRef = fresh.subarray(next + KEY_BYTES, next + KEY_BYTES + KEY_REF_BYTES).toString('base64url');
      next += KEY_BYTES + KEY_REF_BYTES;
      made.push({ citizenId, keyRef, wrapped: this.protector.encrypt(key.toString('base64')) });
      plainKeys.set(citizenId, { keyRef, key });
    }
    await this.keys.add(made);
    return values.map(({ citizenId, plaintext }) => {
      const { keyRef, key } = plainKeys.get(citizenId)!;
      return this.protector.seal(`${CITIZEN_KEY_MARK}${keyRef}`, key, plaintext);
    });
  }

  /** ValueErased when the citizen's key for it was destroyed. */
  async decrypt(citizenId: string, token: string): Promise<string> {
    if (!isSealedPerCitizen(token)) return this.protector.decrypt(token);
    const stored = await this.keys.get(citizenId, keyNameOf(token).slice(CITIZEN_KEY_MARK.length));
    if (!stored) throw new ValueErased();
    return this.protector.open(this.unwrap(stored), token);
  }

  private unwrap(stored: StoredCitizenKey): Buffer {
    return Buffer.from(this.protector.decrypt(stored.wrapped), 'base64');
  }
}
