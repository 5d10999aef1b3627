import { randomUUID } from 'node:crypto';
import { CitizenKeyStore } from '../src/personal-data/citizen-key-store';

/**
 * What every key store must do, written only against the port. Citizen ids are unique per test so the suite
 * can run against a shared server.
 */
export function describeCitizenKeyStoreContract(name: string, open: () => Promise<CitizenKeyStore>, close: (keys: CitizenKeyStore) => Promise<void>) {
  describe(`CitizenKeyStore contract: ${name}`, () => {
    let keys: CitizenKeyStore;
    let citizen: string;

    beforeAll(async () => {
      keys = await open();
    });
    afterAll(async () => {
      await close(keys);
    });
    beforeEach(() => {
      citizen = randomUUID().replace(/-/g, '');
    });

    const key = (wrapped: string, citizenId = citizen) => ({ citizenId, wrapped: `k1.${wrapped}` });

    it('stores keys for many citizens at once and gives each its own reference, in order', async () => {
      const other = `${citizen}o`;
      const refs = await keys.add([key('a'), key('b', other), key('c')]);
      expect(new Set(refs).size).toBe(3);
      expect(await keys.get(citizen, refs[0])).toEqual({ citizenId: citizen, keyRef: refs[0], wrapped: 'k1.a' });
      expect(await keys.get(other, refs[1])).toEqual({ citizenId: other, keyRef: refs[1], wrapped: 'k1.b' });
      expect(await keys.get(citizen, refs[2])).toEqual({ citizenId: citizen, keyRef: refs[2], wrapped: 'k1.c' });
    });

    it("never gives one citizen's key for another, nor anything for a reference it did not give", async () => {
      const [ref] = await keys.add([key('a')]);
      expect(await keys.get(`${citizen}x`, ref)).toBeUndefined();
      expect(await keys.get(citizen, 'not-a-reference')).toBeUndefined();
      expect(await keys.add([])).toEqual([]);
    });

    it('destroys the named keys and keeps a later one (a new life after forgetting)', async () => {
      const [a, b] = await keys.add([key('a'), key('b', `${citizen}o`)]);
      const [later] = await keys.add([key('later')]);
      expect(await keys.destroy([{ citizenId: citizen, keyRefs: [a] }])).toBe(1);
      expect(await keys.get(citizen, a)).toBeUndefined();
      expect(await keys.get(citizen, later)).toEqual({ citizenId: citizen, keyRef: later, wrapped: 'k1.later' });
      expect(await keys.get(`${citizen}o`, b)).toBeDefined();
    });

    it("destroying again, or another citizen's key, or keys it never had, changes nothing", async () => {
      const [a] = await keys.add([key('a')]);
      expect(await keys.destroy([{ citizenId: `${citizen}x`, keyRefs: [a] }])).toBe(0);
      expect(await keys.destroy([{ citizenId: citizen, keyRefs: [a] }])).toBe(1);
      expect(await keys.destroy([{ citizenId: citizen, keyRefs: [a, 'never'] }])).toBe(0);
    });

    it('remembers how far the erasures have been applied, and answers its probe', async () => {
      const before = await keys.erasuresAppliedThrough();
      await keys.markErasuresApplied(before + 42n);
      expect(await keys.erasuresAppliedThrough()).toBe(before + 42n);
      await expect(keys.ping()).resolves.toBeUndefined();
    });
  });
}
