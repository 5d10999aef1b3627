import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { keysFromSettings } from '../src/personal-data/keys';
import { PersonalDataProtector } from '../src/personal-data/personal-data-protector';
import { testEvent as event } from './support/events';
import { TEST_KEYS } from './support/population';
import { COMPILED, ROOT, ServiceBesideItsEvents, serviceBesideItsEvents } from './support/service-process';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';
import { until } from './support/until';

jest.setTimeout(120_000);

const holder = (protectedCpr: string) => ({
  protectedCpr,
  issuedOn: '2021-03-01',
  identification: 'photo-id',
  identityConfirmedBy: 'security-questions',
  authenticator: 'code-card',
  profile: { needsInfoUpdate: true, danishPassport: false, digitalPostExempt: false, residesAbroad: false, addressProtected: false, visualImpairment: 'none' },
});
const LETTER = { campaignId: 'oct-2021', sentOn: '2021-10-04' };

/**
 * A letter the delivery cannot prepare (its holder's CPR number does not decrypt) is a dead letter like a read model's
 * event: tried again every second, and after its failures the delivery is stalled on it; /health and the API say so.
 * Letters do not depend on each other, so the ones after it go out meanwhile. Once the agency skips it (recorded with
 * who) nothing waits on it any more. The read models never stop.
 */
describe('a letter the delivery cannot prepare', () => {
  let running: ServiceBesideItsEvents;
  let service: ServiceBesideItsEvents['service'];
  let events: SqliteEventStore;
  const protector = new PersonalDataProtector(keysFromSettings(TEST_KEYS));

  beforeAll(async () => {
    running = await serviceBesideItsEvents('overgang-dead-letter-', { DIGITAL_POST_CHANNEL: 'counting' });
    ({ service, events } = running);
  }, 90_000);
  afterAll(() => running?.stop(), 60_000);

  const agency = async () => ({ authorization: `Bearer ${await tokenFor('agency', TEST_SUBJECTS.agency)}`, 'content-type': 'application/json' });
  const health = async () => {
    const response = await fetch(`${service.url}/health`);
    return { code: response.status, ...((await response.json()) as { detail?: string }) };
  };
  const typesIn = async (streamId: string) => {
    const types: string[] = [];
    for await (const recorded of events.readStream(streamId)) types.push(recorded.type);
    return types;
  };

  it('stalls the delivery on it and says so, delivers the letters after it, and lets it go once it is skipped', async () => {
    const unreadable = `citizen-${randomUUID()}`;
    await events.append(unreadable, [event('NemIdIssued', holder('k1.not-a-ciphertext')), event('UpdateInfoLetterSent', LETTER)]);
    const after = `citizen-${randomUUID()}`;
    await events.append(after, [event('NemIdIssued', holder(protector.encrypt('0707614285'))), event('UpdateInfoLetterSent', LETTER)]);

    const stalled = await until(health, (h) => /digital-post-delivery stalled at position \d+ on UpdateInfoLetterSent/.test(h.detail ?? ''), 60_000);
    expect(stalled.code).toBe(503);
    expect(stalled.detail).not.toMatch(/\d{10}/);
    await until(
      () => typesIn(after),
      (types) => types.includes('DigitalPostDelivered'),
      30_000,
    );

    const statuses = (await (await fetch(`${service.url}/api/v1/projections`, { headers: await agency() })).json()) as { name: string; stalled: unknown }[];
    expect(statuses.find((s) => s.name === 'digital-post-delivery')?.stalled).toMatchObject({
      eventType: 'UpdateInfoLetterSent',
      streamId: unreadable,
      state: 'stalled',
    });
    expect(statuses.filter((s) => s.name !== 'digital-post-delivery').every((s) => s.stalled === null)).toBe(true);

    const skip = spawnSync(process.execPath, [COMPILED.cli, 'projections', 'skip', 'digital-post-delivery', '--by', 'duty operator'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: running.dataDir },
      encoding: 'utf8',
    });
    expect(skip.stderr).toBe('');
    expect(skip.status).toBe(0);

    expect((await until(health, (h) => h.code === 200, 30_000)).code).toBe(200);
    expect(await typesIn(unreadable)).toEqual(['NemIdIssued', 'UpdateInfoLetterSent']);
    const letters = (await (
      await fetch(`${service.url}/api/v1/projections/dead-letters?projection=digital-post-delivery`, { headers: await agency() })
    ).json()) as {
      state: string;
      decidedBy: string;
    }[];
    expect(letters).toEqual([expect.objectContaining({ state: 'skipped', decidedBy: 'duty operator' })]);
  });
});
