import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { base32 } from 'rfc4648';

export interface PersonalDataKeys {
  /** HMAC-SHA256 key that turns a CPR number into a citizenId. Changing it changes every stream id. */
  hashKey: Buffer;
  /** AES-256 keys by key id; old ids stay here so old events remain readable after a rotation. */
  encryptionKeys: Map<string, Buffer>;
  /** The key id new encryptions use. */
  activeKeyId: string;
}

export class UnknownEncryptionKeyError extends Error {}

const CITIZEN_ID_BYTES = 20;
const IV_BYTES = 12;
/** IVs are drawn from the CSPRNG this many at a time: one call per IV costs more than the encryption at import rates. */
const IVS_PER_DRAW = 1024;

/**
 * Keeps CPR numbers (and other personal data such as protected addresses) out of stream ids
 * and out of stored events: ids are a keyed hash, stored values are AES-256-GCM ciphertext
 * tagged with the key id: `<keyId>.<iv>.<ciphertext>.<tag>`, base64url.
 */
export class PersonalDataProtector {
  private ivs = Buffer.alloc(0);
  private nextIv = 0;

  constructor(private readonly keys: PersonalDataKeys) {
    if (!keys.encryptionKeys.has(keys.activeKeyId)) throw new UnknownEncryptionKeyError(`no key with id ${keys.activeKeyId}`);
  }

  /** Same CPR, same id; 160 bits of the HMAC in lower-case base32: 32 characters, safe in URLs and stream ids. */
  citizenIdFor(cprDigits: string): string {
    const digest = createHmac('sha256', this.keys.hashKey).update(cprDigits).digest().subarray(0, CITIZEN_ID_BYTES);
    return base32.stringify(digest, { pad: false }).toLowerCase();
  }

  encrypt(plaintext: string): string {
    return this.seal(this.keys.activeKeyId, this.keys.encryptionKeys.get(this.keys.activeKeyId) as Buffer, plaintext);
  }

  /** `<keyName>.<iv>.<ciphertext>.<tag>` under this key (a master key, or a citizen's data key). */
  seal(keyName: string, key: Buffer, plaintext: string): string {
    const iv = this.freshIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [keyName, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** A random IV, never handed out twice: each comes from its own slice of a fresh draw. */
  private freshIv(): Buffer {
    if (this.nextIv + IV_BYTES > this.ivs.length) {
      this.ivs = randomBytes(IV_BYTES * IVS_PER_DRAW);
      this.nextIv = 0;
    }
    const iv = this.ivs.subarray(this.nextIv, this.nextIv + IV_BYTES);
    this.nextIv += IV_BYTES;
    return iv;
  }

  decrypt(token: string): string {
    const keyId = keyNameOf(token);
    const key = this.keys.encryptionKeys.get(keyId);
    if (!key) throw new UnknownEncryptionKeyError(`no key with id ${keyId}`);
    return this.open(key, token);
  }

  /** The plaintext of a sealed token under this key; throws when the key is not the one it was sealed with, or it was altered. */
  open(key: Buffer, token: string): string {
    const [, iv, ciphertext, tag] = token.split('.');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** The name of the key a token was sealed with: a master key id, or `~` and a citizen's key reference. */
export const keyNameOf = (token: string): string => token.slice(0, token.indexOf('.'));

export const CITIZEN_ID_PATTERN = /^[a-z2-7]{32}$/;
