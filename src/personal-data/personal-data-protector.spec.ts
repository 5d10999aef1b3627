import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyConfigurationError, keysFromSettings, loadPersonalDataKeys } from './keys';
import { CITIZEN_ID_PATTERN, PersonalDataProtector, UnknownEncryptionKeyError } from './personal-data-protector';

const key = () => randomBytes(32);
const keys = (activeKeyId = 'k1', extra: [string, Buffer][] = []) => ({
  hashKey: Buffer.alloc(32, 7),
  encryptionKeys: new Map<string, Buffer>([['k1', Buffer.alloc(32, 1)], ...extra]),
  activeKeyId,
});

describe('PersonalDataProtector', () => {
  it('maps the same CPR number to the same citizenId, and different ones apart, without the digits in it', () => {
    const protector = new PersonalDataProtector(keys());
    const id = protector.citizenIdFor('0707614285');
    expect(id).toMatch(CITIZEN_ID_PATTERN);
    expect(protector.citizenIdFor('0707614285')).toBe(id);
    expect(protector.citizenIdFor('0707614284')).not.toBe(id);
    expect(id).not.toContain('0707614285');
  });

  it('depends on the hash key, so ids cannot be computed without it', () => {
    const other = new PersonalDataProtector({ ...keys(), hashKey: Buffer.alloc(32, 8) });
    expect(other.citizenIdFor('0707614285')).not.toBe(new PersonalDataProtector(keys()).citizenIdFor('0707614285'));
  });

  it('encrypts with a fresh IV each time and decrypts back', () => {
    const protector = new PersonalDataProtector(keys());
    const a = protector.encrypt('0707614285');
    const b = protector.encrypt('0707614285');
    expect(a).not.toBe(b);
    expect(a).not.toContain('0707614285');
    expect(a.startsWith('k1.')).toBe(true);
    expect(protector.decrypt(a)).toBe('0707614285');
  });

  it('never uses an IV twice, across the draws it takes IVs from', () => {
    const protector = new PersonalDataProtector(keys());
    const ivs = new Set(Array.from({ length: 3000 }, () => protector.encrypt('0707614285').split('.')[1]));
    expect(ivs.size).toBe(3000);
  });

  it('rotates keys: new ciphertext uses the active key, old ciphertext stays readable', () => {
    const old = new PersonalDataProtector(keys()).encrypt('0707614285');
    const rotated = new PersonalDataProtector(keys('k2', [['k2', key()]]));
    expect(rotated.encrypt('x').startsWith('k2.')).toBe(true);
    expect(rotated.decrypt(old)).toBe('0707614285');
  });

  it('detects tampering and unknown keys', () => {
    const protector = new PersonalDataProtector(keys());
    const [id, iv, ciphertext, tag] = protector.encrypt('0707614285').split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => protector.decrypt([id, iv, flipped.toString('base64url'), tag].join('.'))).toThrow();
    expect(() => protector.decrypt(['nope', iv, ciphertext, tag].join('.'))).toThrow(UnknownEncryptionKeyError);
  });
});

describe('key loading', () => {
  it('parses keys from settings, the last listed key being active by default', () => {
    const loaded = keysFromSettings({
      CPR_HASH_KEY: key().toString('base64'),
      CPR_ENCRYPTION_KEYS: `a:${key().toString('base64')},b:${key().toString('base64')}`,
    });
    expect([...loaded.encryptionKeys.keys()]).toEqual(['a', 'b']);
    expect(loaded.activeKeyId).toBe('b');
  });

  it('refuses short keys and malformed lists with a reason', () => {
    expect(() => keysFromSettings({ CPR_HASH_KEY: 'c2hvcnQ=', CPR_ENCRYPTION_KEYS: `a:${key().toString('base64')}` })).toThrow(/32 bytes/);
    expect(() => keysFromSettings({ CPR_HASH_KEY: key().toString('base64'), CPR_ENCRYPTION_KEYS: 'nokey' })).toThrow(KeyConfigurationError);
  });

  it('requires keys in production and generates stable development keys otherwise', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'overgang-keys-'));
    try {
      expect(() => loadPersonalDataKeys({}, { production: true, dataDir, warn: () => undefined })).toThrow(/must be set in production/);
      const warnings: string[] = [];
      const first = loadPersonalDataKeys({}, { production: false, dataDir, warn: (m) => warnings.push(m) });
      const second = loadPersonalDataKeys({}, { production: false, dataDir, warn: (m) => warnings.push(m) });
      expect(second.hashKey.equals(first.hashKey)).toBe(true);
      expect(warnings[0]).toMatch(/generated development CPR keys/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
