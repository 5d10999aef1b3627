import { TWO_NON_PHOTO_IDS, issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

const issue = (cpr: string, twoIds = false) => issueNemIdBody(twoIds ? { cpr, documents: TWO_NON_PHOTO_IDS } : { cpr });

/** Polls until the read model shows what `check` wants (the shared helper's deadline), and fails if it never does. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const value = await until(read, check);
  if (!check(value)) throw new Error(`not visible in time: ${JSON.stringify(value)}`);
  return value;
}

describe('read models over HTTP', () => {
  let t: TestApp;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startApp();
    for (const [i, cpr] of ['010190-1111', '020290-2222', '030390-3333', '040490-4444', '050590-5555'].entries()) {
      const response = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issue(cpr, i % 2 === 0))
        .expect(201);
      ids.push(response.body.citizenId);
    }
  }, 60_000);
  afterAll(async () => {
    await t.close();
  }, 30_000);

  it('shows an append in the status list', async () => {
    await t.as('citizen-service').post(`/api/v1/citizens/${ids[1]}/mitid`).send({ route: 'bank' }).expect(201);
    const value = await eventually(
      async () => (await t.as('support').get('/api/v1/citizens?status=mitid-created').expect(200)).body,
      (page) => page.items.some((row: { citizenId: string }) => row.citizenId === ids[1]),
    );
    expect(value.items).toHaveLength(1);
  });

  it('answers "who still needs the info-update letter?" and pages through it', async () => {
    const value = await eventually(
      async () => (await t.as('support').get('/api/v1/citizens?needsInfoUpdate=true&status=nemid-active&limit=2').expect(200)).body,
      (page) => page.items.length === 2,
    );
    const second = (await t.as('support').get(`/api/v1/citizens?needsInfoUpdate=true&status=nemid-active&limit=2&after=${value.next}`).expect(200)).body;
    const all = [...value.items, ...second.items].map((row: { citizenId: string }) => row.citizenId).sort();
    expect(all).toEqual([ids[0], ids[2], ids[4]].sort());
    expect(second.next).toBeNull();
  });

  it('reports national progress: counts per status and the daily series', async () => {
    const value = await eventually(
      async () => (await t.as('agency').get('/api/v1/progress').expect(200)).body,
      (progress) => progress.total === 5 && progress.byStatus['mitid-created'] === 1,
    );
    expect(value.byStatus).toEqual({ 'nemid-active': 4, 'letter-sent': 0, 'info-updated': 0, 'mitid-created': 1, 'nemid-retired': 0 });
    expect(value.daily).toEqual([{ date: '2022-03-10', issued: 5, lettersSent: 0, infoUpdated: 0, mitIdsCreated: 1, nemIdsRetired: 0 }]);
    // Then the delivery, once it has saved a position (its dead letters are shown with the read models').
    expect(value.projections.map((p: { name: string }) => p.name).slice(0, 4)).toEqual([
      'citizen-status',
      'migration-progress',
      'campaign-progress',
      'population-imports',
    ]);
    expect(value.projections.slice(4).map((p: { name: string; version: number }) => [p.name, p.version])).toEqual(
      value.projections.length > 4 ? [['digital-post-delivery', 0]] : [],
    );
  });

  it('refuses unknown filters, bad values and oversized pages with problem+json', async () => {
    const unknown = await t.as('support').get('/api/v1/citizens?shoeSize=42').expect(400);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    expect(unknown.body.errors).toEqual([{ field: 'shoeSize', reason: 'is not a known field' }]);
    const badValue = await t.as('support').get('/api/v1/citizens?needsInfoUpdate=maybe&limit=100000').expect(400);
    expect(badValue.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'needsInfoUpdate']);
    await t.as('support').get('/api/v1/citizens?status=gone').expect(400);
  });

  it('answers an unknown campaign with 404', async () => {
    await t.as('agency').get('/api/v1/campaigns/nope/progress').expect(404);
  });

  it('keeps the read model and its checkpoint across a restart', async () => {
    await t.close();
    t = await startApp(t.clock, { dataDir: t.dataDir });
    await t.as('citizen-service').post(`/api/v1/citizens/${ids[3]}/mitid`).send({ route: 'bank' }).expect(201);
    const value = await eventually(
      async () => (await t.as('agency').get('/api/v1/progress').expect(200)).body,
      (progress) => progress.byStatus['mitid-created'] === 2,
    );
    expect(value.daily[0].mitIdsCreated).toBe(2);
  }, 60_000);
});
