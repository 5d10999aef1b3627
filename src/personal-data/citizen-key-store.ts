/**
 * A citizen's data key as a key store keeps it: the key itself never, only wrapped by a master key
 * (`<masterKeyId>.<iv>.<ciphertext>.<tag>`), so a copy of the key store alone decrypts nothing.
 */
export interface StoredCitizenKey {
  citizenId: string;
  /** Given by the store, no personal data: the ciphertext names the key it was made with by this. */
  keyRef: string;
  wrapped: string;
}

export type NewCitizenKey = Omit<StoredCitizenKey, 'keyRef'>;

/**
 * Where the per-citizen data keys live, apart from the event log: the log is kept for ever, a key is destroyed
 * to erase what it encrypted (docs/security.md). Each adapter says how its deletion is final. A key is found by its
 * citizen and reference only: which keys a citizen has is read from their events, whose values name them, so the
 * store keeps no index by citizen (an import appends its keys in order).
 */
export interface CitizenKeyStore {
  /** Stored, durable when it resolves (the events naming them are appended after); each one's reference, in order. */
  add(keys: readonly NewCitizenKey[]): Promise<string[]>;
  /** Undefined when there is no such key, or it is another citizen's. */
  get(citizenId: string, keyRef: string): Promise<StoredCitizenKey | undefined>;
  /** Deleted so that no copy stays in the store's own files, many citizens at once; how many keys there were. */
  destroy(doomed: readonly DoomedKeys[]): Promise<number>;
  /** The log position through which every recorded erasure has been applied to this store. */
  erasuresAppliedThrough(): Promise<bigint>;
  markErasuresApplied(position: bigint): Promise<void>;
  /** Cheap liveness probe for /health: throws when the store cannot be read (damaged, not answering). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A citizen's keys to destroy. */
export interface DoomedKeys {
  citizenId: string;
  keyRefs: readonly string[];
}

export const CITIZEN_KEY_STORE = Symbol('CitizenKeyStore');

export const KEYS_FILE = 'keys.sqlite';
