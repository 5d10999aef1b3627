import { CitizenCipher, ValueErased, sealedKeyRefs } from './citizen-cipher';
import { PersonalDataProtector } from './personal-data-protector';
import { SqliteCitizenKeyStore } from './sqlite-citizen-key-store';

const masterKeys = () => ({ hashKey: Buffer.alloc(32, 7), encryptionKeys: new Map([['k1', Buffer.alloc(32, 1)]]), activeKeyId: 'k1' });

describe('per-citizen data keys', () => {
  let keys: SqliteCitizenKeyStore;
  let cipher: CitizenCipher;
  beforeEach(() => {
    keys = new SqliteCitizenKeyStore(':memory:');
    cipher = new CitizenCipher(new PersonalDataProtector(masterKeys()), keys);
  });
  afterEach(() => keys.close());

  it("seals each value with the citizen's own key, kept wrapped by the master key, and opens it again", async () => {
    const token = await cipher.encrypt('c1', '0707614285');
    expect(token).toMatch(/^~[\w-]+\./);
    expect(token).not.toContain('0707614285');
    expect(await cipher.decrypt('c1', token)).toBe('0707614285');
    const [ref] = sealedKeyRefs({ protectedCpr: token });
    const stored = await keys.get('c1', ref);
    expect(stored?.wrapped.startsWith('k1.')).toBe(true);
  });

  it('gives each citizen of a call a key of their own, shared by their values in it', async () => {
    const [a, b, c] = await cipher.encryptAll([
      { citizenId: 'c1', plaintext: 'x' },
      { citizenId: 'c1', plaintext: 'y' },
      { citizenId: 'c2', plaintext: 'z' },
    ]);
    expect(a.split('.')[0]).toBe(b.split('.')[0]);
    expect(c.split('.')[0]).not.toBe(a.split('.')[0]);
    // A token is bound to its citizen: another citizen's keys do not open it.
    await expect(cipher.decrypt('c2', a)).rejects.toBeInstanceOf(ValueErased);
  });

  it('a destroyed key erases every value sealed with it', async () => {
    const cpr = await cipher.encrypt('c1', '0707614285');
    const address = await cipher.encrypt('c1', '{"street":"Vestergade 1"}');
    await keys.destroy([{ citizenId: 'c1', keyRefs: sealedKeyRefs({ protectedCpr: cpr, protectedAddress: address }) }]);
    await expect(cipher.decrypt('c1', cpr)).rejects.toBeInstanceOf(ValueErased);
    await expect(cipher.decrypt('c1', address)).rejects.toBeInstanceOf(ValueErased);
    // A new life: a new key, which the old values do not open.
    const again = await cipher.encrypt('c1', '0707614285');
    expect(await cipher.decrypt('c1', again)).toBe('0707614285');
    await expect(cipher.decrypt('c1', cpr)).rejects.toBeInstanceOf(ValueErased);
  });

  it("seals beside a value under that value's key, adding none, and is erased with it", async () => {
    const cpr = await cipher.encrypt('c1', '0707614285');
    const adding = jest.spyOn(keys, 'add');
    const reason = await cipher.encryptBeside('c1', cpr, 'the citizen called');
    expect(adding).not.toHaveBeenCalled();
    expect(sealedKeyRefs({ protectedReason: reason })).toEqual(sealedKeyRefs({ protectedCpr: cpr }));
    expect(await cipher.decrypt('c1', reason)).toBe('the citizen called');
    await keys.destroy([{ citizenId: 'c1', keyRefs: sealedKeyRefs({ protectedCpr: cpr }) }]);
    await expect(cipher.decrypt('c1', reason)).rejects.toBeInstanceOf(ValueErased);
  });

  it("seals beside under a fresh key when that key is gone, is another citizen's, or is a master key", async () => {
    const cpr = await cipher.encrypt('c1', '0707614285');
    const legacy = new PersonalDataProtector(masterKeys()).encrypt('0707614285');
    const others = await cipher.encryptBeside('c2', cpr, 'x');
    const besideLegacy = await cipher.encryptBeside('c1', legacy, 'y');
    await keys.destroy([{ citizenId: 'c1', keyRefs: sealedKeyRefs({ protectedCpr: cpr }) }]);
    const afterErasure = await cipher.encryptBeside('c1', cpr, 'z');
    const [cprRef] = sealedKeyRefs({ protectedCpr: cpr });
    for (const [citizenId, token, plaintext] of [
      ['c2', others, 'x'],
      ['c1', besideLegacy, 'y'],
      ['c1', afterErasure, 'z'],
    ]) {
      expect(sealedKeyRefs({ protectedValue: token })).not.toEqual([cprRef]);
      expect(await cipher.decrypt(citizenId, token)).toBe(plaintext);
    }
  });

  it('values sealed with a master key before per-citizen keys stay readable', async () => {
    const legacy = new PersonalDataProtector(masterKeys()).encrypt('0707614285');
    expect(await cipher.decrypt('c1', legacy)).toBe('0707614285');
  });
});
