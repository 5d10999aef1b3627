/**
 * A citizen's data key as a key store keeps it: the key itself never, only wrapped by a master key
 * (`<masterKeyId>.<iv>.<ciphertext>.<tag>`), so a copy of the key store alone decrypts nothing.
 */
export interface StoredCitizenKey {
  citizenId: string;
  /** Random, no personal data: the ciphertext names the key it was made with by this. */
  keyRef: string;
  wrapped: string;
}

/**
 * Where the per-citizen data keys live, apart from the event log: the log is kept for ever, a key is destroyed
 * to erase what it encrypted (docs/security.md). Each adapter says how its deletion is final.
 */
export interface CitizenKeyStore {
  /** The newest key of each of these citizens that has one. */
  newest(citizenIds: readonly string[]): Promise<Map<string, StoredCitizenKey>>;
  get(citizenId: string, keyRef: string): Promise<StoredCitizenKey | undefined>;
  /** Durable when it resolves: the events naming these keys are appended after. */
  add(keys: readonly StoredCitizenKey[]): Promise<void>;
  refsOf(citizenId: string): Promise<string[]>;
  /** The same for many citizens at once: each one asked for, with no keys as an empty list. */
  refsOfAll(citizenIds: readonly string[]): Promise<Map<string, string[]>>;
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
