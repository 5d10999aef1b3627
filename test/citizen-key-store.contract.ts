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

    const key = (keyRef: string, citizenId = citizen) => ({ citizenId, keyRef, wrapped: `k1.wrapped-${keyRef}` });

    it('gives back a key by citizen and reference, and nothing for another citizen', async () => {
      await keys.add([key('a')]);
      expect(await keys.get(citizen, 'a')).toEqual(key('a'));
      expect(await keys.get(`${citizen}x`, 'a')).toBeUndefined();
    });

    it("finds each citizen's newest key, for many citizens at once", async () => {
      const other = `${citizen}o`;
      await keys.add([key('a'), key('b', other)]);
      await keys.add([key('c')]);
      const newest = await keys.newest([citizen, other, `${citizen}none`]);
      expect(newest.get(citizen)).toEqual(key('c'));
      expect(newest.get(other)).toEqual(key('b', other));
      expect(newest.has(`${citizen}none`)).toBe(false);
    });

    it("lists a citizen's keys oldest first", async () => {
      await keys.add([key('a')]);
      await keys.add([key('b')]);
      expect(await keys.refsOf(citizen)).toEqual(['a', 'b']);
    });

    it("lists many citizens' keys at once, with none as an empty list", async () => {
      const other = `${citizen}o`;
      await keys.add([key('a'), key('b', other)]);
      await keys.add([key('c')]);
      const refs = await keys.refsOfAll([citizen, other, `${citizen}none`]);
      expect(Object.fromEntries(refs)).toEqual({ [citizen]: ['a', 'c'], [other]: ['b'], [`${citizen}none`]: [] });
    });

    it('destroys the named keys and keeps a later one (a new life after forgetting)', async () => {
      await keys.add([key('a')]);
      await keys.add([key('b')]);
      expect(await keys.destroy([{ citizenId: citizen, keyRefs: ['a'] }])).toBe(1);
      expect(await keys.get(citizen, 'a')).toBeUndefined();
      expect(await keys.get(citizen, 'b')).toEqual(key('b'));
      expect((await keys.newest([citizen])).get(citizen)).toEqual(key('b'));
      await keys.add([key('c')]);
      expect(await keys.refsOf(citizen)).toEqual(['b', 'c']);
    });

    it('destroying again, or keys it never had, changes nothing', async () => {
      await keys.add([key('a')]);
      expect(await keys.destroy([{ citizenId: citizen, keyRefs: ['a'] }])).toBe(1);
      expect(await keys.destroy([{ citizenId: citizen, keyRefs: ['a', 'never'] }])).toBe(0);
      expect(await keys.refsOf(citizen)).toEqual([]);
    });

    it('remembers how far the erasures have been applied', async () => {
      const before = await keys.erasuresAppliedThrough();
      await keys.markErasuresApplied(before + 42n);
      expect(await keys.erasuresAppliedThrough()).toBe(before + 42n);
    });
  });
}
