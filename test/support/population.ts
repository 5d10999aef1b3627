import { randomUUID } from 'node:crypto';
import { CitizenProfile, NemIdIssued } from '../../src/domain/citizen';
import { citizenStream } from '../../src/domain/citizen';
import { EventStore } from '../../src/event-store/event-store';
import { CitizenCipher } from '../../src/personal-data/citizen-cipher';
import { keysFromSettings } from '../../src/personal-data/keys';
import { PersonalDataProtector } from '../../src/personal-data/personal-data-protector';
import { SqliteCitizenKeyStore } from '../../src/personal-data/sqlite-citizen-key-store';
import { TEST_METADATA } from './events';

/** Fixed keys so a test process and the service it starts protect CPR numbers alike. */
export const TEST_KEYS = {
  CPR_HASH_KEY: Buffer.alloc(32, 7).toString('base64'),
  CPR_ENCRYPTION_KEYS: `test1:${Buffer.alloc(32, 9).toString('base64')}`,
  CPR_ENCRYPTION_ACTIVE_KEY_ID: 'test1',
};

/** The service's cipher under the test keys, its citizens' data keys in this file (a data folder's `keys.sqlite`, or `:memory:`). */
export function testCipher(keysFile = ':memory:'): CitizenCipher {
  return new CitizenCipher(new PersonalDataProtector(keysFromSettings(TEST_KEYS)), new SqliteCitizenKeyStore(keysFile));
}

/**
 * The i-th synthetic CPR number: a real calendar date in 1930-1999 and a serial whose first digit
 * (0-3) puts the birth year in the 1900s, unique for the first 94 million values of i.
 */
export function syntheticCpr(i: number): string {
  const day = 1 + (i % 28);
  const month = 1 + (Math.floor(i / 28) % 12);
  const year = 30 + (Math.floor(i / 336) % 70);
  const serial = Math.floor(i / 23_520) % 4000;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(day)}${two(month)}${two(year)}${String(serial).padStart(4, '0')}`;
}

export interface PopulationMix {
  /** Every n-th citizen is exempt from Digital Post (paper letters); 0 for none. */
  exemptEvery: number;
  /** Every n-th citizen is partially sighted (large print); 0 for none. */
  partiallySightedEvery: number;
  /** Every n-th citizen must update personal info (update-info-letter cohort); 1 for all. */
  needsInfoUpdateEvery: number;
}

/**
 * Writes one NemIdIssued per citizen straight to the store (group-committed), as an import would, each CPR number
 * sealed with the citizen's own key in `keysFile` (the data folder's `keys.sqlite` when a service reads them after).
 */
export async function seedPopulation(store: EventStore, keysFile: string, count: number, mix: PopulationMix): Promise<string[]> {
  const cipher = testCipher(keysFile);
  try {
    return await seedWith(store, cipher, count, mix);
  } finally {
    await cipher.keys.close();
  }
}

async function seedWith(store: EventStore, cipher: CitizenCipher, count: number, mix: PopulationMix): Promise<string[]> {
  const { protector } = cipher;
  const citizenIds: string[] = [];
  const every = (n: number, i: number) => n > 0 && i % n === 0;
  for (let start = 0; start < count; start += 2000) {
    const appends: Promise<unknown>[] = [];
    const batch = Array.from({ length: Math.min(count, start + 2000) - start }, (_, k) => syntheticCpr(start + k));
    const sealed = await cipher.encryptAll(batch.map((cpr) => ({ citizenId: protector.citizenIdFor(cpr), plaintext: cpr })));
    for (let i = start; i < Math.min(count, start + 2000); i++) {
      const cpr = syntheticCpr(i);
      const citizenId = protector.citizenIdFor(cpr);
      citizenIds.push(citizenId);
      const profile: CitizenProfile = {
        needsInfoUpdate: every(mix.needsInfoUpdateEvery, i),
        danishPassport: !every(mix.needsInfoUpdateEvery, i),
        digitalPostExempt: every(mix.exemptEvery, i),
        residesAbroad: false,
        addressProtected: false,
        visualImpairment: every(mix.partiallySightedEvery, i) ? 'partially-sighted' : 'none',
      };
      const data: NemIdIssued['data'] = {
        protectedCpr: sealed[i - start],
        issuedOn: '2021-03-01',
        identification: profile.needsInfoUpdate ? 'two-non-photo-ids' : 'photo-id',
        identityConfirmedBy: 'security-questions',
        authenticator: profile.visualImpairment === 'partially-sighted' ? 'large-font-code-card' : 'code-card',
        profile,
      };
      appends.push(
        store.append(citizenStream(citizenId), [{ id: randomUUID(), type: 'NemIdIssued', data, metadata: TEST_METADATA }], { expectedRevision: 'no_stream' }),
      );
    }
    await Promise.all(appends);
  }
  return citizenIds;
}
