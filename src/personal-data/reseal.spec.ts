import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEvent } from '../../test/support/events';
import { testCipher } from '../../test/support/population';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { CitizenCipher, ValueErased, isSealedPerCitizen, sealedKeyRefs } from './citizen-cipher';
import { resealLegacyValues } from './reseal';

describe('sealing the values stored before per-citizen keys with each citizen’s own key', () => {
  let dir: string;
  let cipher: CitizenCipher;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-reseal-'));
    cipher = testCipher(join(dir, 'keys.sqlite'));
  });
  afterEach(async () => {
    await cipher.keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reseals every legacy value in place, keeps ids, types and positions, and a second run changes nothing', async () => {
    const path = join(dir, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    const { protector } = cipher;
    const issued = testEvent('NemIdIssued', { protectedCpr: protector.encrypt('0707614285'), issuedOn: '2021-01-01' });
    const address = testEvent('DeliveryAddressRegistered', { protectedAddress: protector.encrypt('{"street":"Vestergade 1"}'), registeredOn: '2021-01-02' });
    const already = testEvent('NemIdIssued', { protectedCpr: await cipher.encrypt('b', '0101801234'), issuedOn: '2021-01-01' });
    await store.append('citizen-a', [issued, address], { expectedRevision: 'no_stream' });
    await store.append('citizen-b', [already], { expectedRevision: 'no_stream' });
    await store.append('campaign-x', [testEvent('CampaignStarted', { protectedCpr: 'not a token' })], { expectedRevision: 'no_stream' });
    const before = [];
    for await (const event of store.readAll())
      before.push({ id: event.id, type: event.type, position: event.position, data: event.data as Record<string, string> });
    await store.close();

    const progress: number[] = [];
    const done = await resealLegacyValues(path, cipher, (p) => progress.push(p.scanned));
    expect(done).toEqual({ scanned: 3, total: 3, resealed: 2 });
    expect(progress.at(-1)).toBe(3);

    const reopened = new SqliteEventStore({ path });
    const after = [];
    for await (const event of reopened.readAll())
      after.push({ id: event.id, type: event.type, position: event.position, data: event.data as Record<string, string> });
    await reopened.close();
    expect(after.map(({ id, type, position }) => ({ id, type, position }))).toEqual(before.map(({ id, type, position }) => ({ id, type, position })));
    expect(isSealedPerCitizen(after[0].data.protectedCpr)).toBe(true);
    expect(await cipher.decrypt('a', after[0].data.protectedCpr)).toBe('0707614285');
    expect(await cipher.decrypt('a', after[1].data.protectedAddress)).toBe('{"street":"Vestergade 1"}');
    expect(after[0].data.issuedOn).toBe('2021-01-01');
    expect(after[2].data).toEqual(before[2].data);
    expect(after[3].data).toEqual(before[3].data);

    expect(await resealLegacyValues(path, cipher)).toEqual({ scanned: 3, total: 3, resealed: 0 });
    // Now forgetting them erases those values too.
    await cipher.keys.destroy([{ citizenId: 'a', keyRefs: [...sealedKeyRefs(after[0].data), ...sealedKeyRefs(after[1].data)] }]);
    await expect(cipher.decrypt('a', after[0].data.protectedCpr)).rejects.toBeInstanceOf(ValueErased);
  });
});
