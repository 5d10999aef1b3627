import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '../src/domain/clock';
import { keysFromSettings } from '../src/personal-data/keys';
import { PersonalDataProtector } from '../src/personal-data/personal-data-protector';
import { openRecord } from './support/requests';
import { needingUpdate, retiredHolder } from './support/erasure';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

const CPR = { gone: '070761-4285', kept: '010203-4005', again: '150390-1234' };

/** Every encrypted value of the citizen's life that was forgotten, as the file holds it (openings after it are new). */
function tokensIn(dataDir: string, citizenId: string): string[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT type, data FROM events WHERE stream_id = ? ORDER BY revision').all(`citizen-${citizenId}`) as {
      type: string;
      data: string;
    }[];
    const life = rows.slice(
      0,
      rows.findIndex((row) => row.type === 'CitizenForgotten'),
    );
    return life.flatMap(({ data }) => [...data.matchAll(/"protected\w*":"([^"]+)"/g)].map(([, token]) => token));
  } finally {
    db.close();
  }
}

/** Every key the data folder's files hold: the master keys, and each citizen key they unwrap. */
function everyKeyLeft(dataDir: string): { protector: PersonalDataProtector; keys: Buffer[] } {
  const protector = new PersonalDataProtector(keysFromSettings(JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8'))));
  const master = [...keysFromSettings(JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8'))).encryptionKeys.values()];
  const db = new Database(join(dataDir, 'keys.sqlite'), { readonly: true });
  try {
    const wrapped = db.prepare('SELECT wrapped FROM citizen_keys').pluck().all() as string[];
    return { protector, keys: [...master, ...wrapped.map((w) => Buffer.from(protector.decrypt(w), 'base64'))] };
  } finally {
    db.close();
  }
}

describe('forgetting a citizen: erasure by destroying their keys (embedded store)', () => {
  let t: TestApp;
  let gone: { citizenId: string; letterId: string };
  let kept: { citizenId: string; letterId: string };
  const clock = new FixedClock(new Date('2022-03-10T10:00:00Z'));

  beforeAll(async () => {
    t = await startApp(clock);
    gone = await retiredHolder(t, CPR.gone);
    const desk = t.as('citizen-service');
    kept = { citizenId: (await desk.post('/api/v1/citizens').send(needingUpdate(CPR.kept)).expect(201)).body.citizenId, letterId: '' };
    await desk.post(`/api/v1/citizens/${kept.citizenId}/update-info-letters`).send({ campaignId: 'desk-letter' }).expect(201);
    kept.letterId = (await (await t.asCitizen(kept.citizenId)).get('/api/v1/me/notices').expect(200)).body[0].letterId;
  }, 60_000);
  afterAll(() => t.close(), 60_000);

  it('reads everything before: the letter as received, and the record; /health shows the key store', async () => {
    expect((await t.as('agency').get('/health').expect(200)).body.info.keyStore).toEqual({ status: 'up' });
    await (await t.asCitizen(gone.citizenId)).get(`/api/v1/me/letters/${gone.letterId}`).expect(200);
    const record = (await openRecord(t.as('support'), gone.citizenId).expect(200)).body;
    expect(record.status).toMatchObject({ status: 'nemid-retired', profile: { needsInfoUpdate: true } });
  });

  it('an agency decision is refused while the NemID still works, and the retention rule before its period ends', async () => {
    const active = await t.as('agency').post(`/api/v1/citizens/${kept.citizenId}/erasure`).send({ basis: 'agency-decision' }).expect(409);
    expect(active.body).toMatchObject({ rule: 'forget-only-retired-nemid' });
    const early = await t.as('agency').post(`/api/v1/citizens/${gone.citizenId}/erasure`).send({ basis: 'retention-period-ended' }).expect(409);
    expect(early.body).toMatchObject({ rule: 'retention-period-not-ended' });
    const bad = await t.as('agency').post(`/api/v1/citizens/${gone.citizenId}/erasure`).send({ basis: 'because' }).expect(400);
    expect(bad.body.errors[0].field).toBe('basis');
    await t.as('support').post(`/api/v1/citizens/${gone.citizenId}/erasure`).send({ basis: 'agency-decision' }).expect(403);
  });

  it('the plan and the run: six years on, the retention rule forgets the retired holder and no one else', async () => {
    clock.advanceDays(6 * 365);
    const asOf = clock.now().toISOString().slice(0, 10);
    const plan = (await t.as('agency').get(`/api/v1/retention/plan?asOf=${asOf}`).expect(200)).body;
    expect(plan).toMatchObject({ asOf, retentionYears: 5, holders: 1, byRetirementYear: { '2022': 1 } });
    await t.as('agency').get('/api/v1/retention/plan?asOf=2028-02-30').expect(400);
    const ahead = await t.as('agency').post('/api/v1/retention/runs').send({ asOf: '2099-01-01' }).expect(400);
    expect(ahead.body.errors[0].field).toBe('asOf');
    const started = (await t.as('agency').post('/api/v1/retention/runs').send({ asOf }).expect(202)).body;
    expect(started).toMatchObject({ asOf, planned: 1, forgotten: 0 });
    const runs = await until(
      async () => (await t.as('agency').get('/api/v1/retention/runs').expect(200)).body,
      (list) => list[0]?.finishedAt !== undefined,
      20_000,
    );
    expect(runs[0]).toMatchObject({ runId: started.runId, planned: 1, forgotten: 1, finishedAt: expect.any(String) });
  }, 30_000);

  it('the CPR lookup says the person was forgotten, and no more', async () => {
    const lookup = await t.as('citizen-service').post('/api/v1/citizens/lookup').send({ cpr: CPR.gone }).expect(410);
    expect(lookup.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(lookup.body).toMatchObject({ type: 'urn:overgang:problem:citizen-forgotten', status: 410 });
    expect(JSON.stringify(lookup.body)).not.toMatch(new RegExp(`${gone.citizenId}|0707614285|2022`));
    await t.as('citizen-service').post('/api/v1/citizens/lookup').send({ cpr: CPR.kept }).expect(200);
  });

  it('the record shows forgotten, when and why, and only what happened and when before it', async () => {
    const record = (await openRecord(t.as('support'), gone.citizenId).expect(200)).body;
    expect(record.status).toEqual({
      citizenId: gone.citizenId,
      status: 'forgotten',
      retired: { on: '2022-03-10', reason: 'migrated' },
      forgotten: { on: expect.stringMatching(/^2028-/), basis: 'retention-period-ended' },
    });
    const before = record.timeline.slice(0, -1);
    // What happened, by kind and date: the names of the kinds, nothing of the holder (delivery may come before or after the MitID).
    expect(before.map((e: { summary: { en: string } }) => e.summary.en).sort()).toEqual(
      [
        'Delivery address registered',
        'Letter asking to update personal information sent',
        'Letter delivered',
        'MitID created',
        'NemID issued',
        'NemID retired',
      ].sort(),
    );
    expect(before.every((e: { details: object }) => Object.keys(e.details).length === 0)).toBe(true);
    expect(record.timeline.at(-1)).toMatchObject({
      type: 'CitizenForgotten',
      summary: { en: 'Personal data erased: the retention period after the NemID was retired ended' },
    });
    // The openings before it keep neither who opened nor why.
    expect(record.openings[0]).toMatchObject({ summary: { da: 'Oplysningerne åbnet', en: 'Record opened' }, actor: { role: 'support', subject: '' } });
    expect(JSON.stringify(record.openings.slice(0, -1))).not.toMatch(/Citizen called/);
  });

  it("the citizen's letters and pages answer that the data was erased", async () => {
    const citizen = await t.asCitizen(gone.citizenId);
    for (const path of [`/api/v1/me/letters/${gone.letterId}`, '/api/v1/me/status', '/api/v1/me/notices', '/api/v1/me/access-log']) {
      expect((await citizen.get(path).expect(410)).body.type).toBe('urn:overgang:problem:citizen-forgotten');
    }
    await t
      .as('support')
      .post(`/api/v1/citizens/${gone.citizenId}/letters/${gone.letterId}/openings`)
      .send({ reason: 'Checking a letter after erasure' })
      .expect(410);
    await (await t.asCitizen(kept.citizenId)).get(`/api/v1/me/letters/${kept.letterId}`).expect(200);
  });

  it('no key left in the data folder opens any of their encrypted values, and the read model holds none of their facts', async () => {
    const tokens = tokensIn(t.dataDir, gone.citizenId);
    // The CPR number, the delivery address, and the reason of the opening before it.
    expect(tokens.length).toBe(3);
    const { protector, keys } = everyKeyLeft(t.dataDir);
    expect(keys.length).toBeGreaterThan(1);
    for (const token of tokens) for (const key of keys) expect(() => protector.open(key, token)).toThrow();
    const rows = await until(
      async () => (await t.as('support').get('/api/v1/citizens?status=forgotten').expect(200)).body.items,
      (items) => items.length === 1,
    );
    expect(rows[0]).toMatchObject({ citizenId: gone.citizenId, status: 'forgotten', profile: null, retired: { on: '2022-03-10' } });
    const progress = (await t.as('agency').get('/api/v1/progress').expect(200)).body;
    expect(progress).toMatchObject({ forgotten: 1, byStatus: { 'nemid-retired': 1 } });
  });

  it('forgetting again records nothing more', async () => {
    const again = (await t.as('agency').post(`/api/v1/citizens/${gone.citizenId}/erasure`).send({ basis: 'agency-decision' }).expect(200)).body;
    expect(again).toMatchObject({ status: 'forgotten', recorded: [] });
  });
});

describe('a new life after forgetting', () => {
  let t: TestApp;
  afterAll(() => t.close(), 60_000);

  it('a new NemID for the same person is readable; the old life stays erased', async () => {
    t = await startApp(new FixedClock(new Date('2022-03-10T10:00:00Z')));
    const old = await retiredHolder(t, CPR.again);
    const forgotten = (await t.as('agency').post(`/api/v1/citizens/${old.citizenId}/erasure`).send({ basis: 'agency-decision' }).expect(200)).body;
    expect(forgotten.recorded[0]).toMatchObject({
      type: 'CitizenForgotten',
      summary: { en: 'Personal data erased: a decision of the Agency for Digital Government' },
    });
    const desk = t.as('citizen-service');
    const again = (await desk.post('/api/v1/citizens').send(needingUpdate(CPR.again)).expect(201)).body;
    expect(again).toMatchObject({ citizenId: old.citizenId, status: 'nemid-active' });
    expect((await desk.post('/api/v1/citizens/lookup').send({ cpr: CPR.again }).expect(200)).body).toEqual({ citizenId: old.citizenId });
    await desk.post(`/api/v1/citizens/${old.citizenId}/update-info-letters`).send({ campaignId: 'second-life' }).expect(201);
    const citizen = await t.asCitizen(old.citizenId);
    const notices = (await citizen.get('/api/v1/me/notices').expect(200)).body;
    expect(notices).toHaveLength(1);
    await citizen.get(`/api/v1/me/letters/${notices[0].letterId}`).expect(200);
    await citizen.get(`/api/v1/me/letters/${old.letterId}`).expect(410);
  }, 60_000);
});
