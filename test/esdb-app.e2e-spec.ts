import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TWO_NON_PHOTO_IDS, issueNemIdBody, openRecord } from './support/requests';
import { EventStoreDbServer, describeWithEventStoreDb, startEventStoreDb } from './support/eventstoredb';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

jest.setTimeout(240_000);

const cprs = ['0101701001', '0202711002', '0303721003'];

describeWithEventStoreDb('the app on EventStoreDB (testcontainers)', () => {
  let server: EventStoreDbServer;
  let app: TestApp;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startEventStoreDb();
    process.env.EVENT_STORE_URL = server.connectionString;
    app = await startApp();
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    delete process.env.EVENT_STORE_URL;
    await server?.stop();
  }, 60_000);

  it('issues NemIDs, projects their status, and delivers a letter campaign through the persistent subscriptions', async () => {
    for (const cpr of cprs) {
      const response = await app
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr, documents: TWO_NON_PHOTO_IDS }))
        .expect(201);
      ids.push(response.body.citizenId);
    }
    await until(
      () => app.as('agency').get('/api/v1/citizens?status=nemid-active&needsInfoUpdate=true'),
      (r) => r.body.items?.length === 3,
    );

    await app.as('agency').post('/api/v1/campaigns').send({ campaignId: 'esdb-letters', kind: 'update-info-letter', ratePerSecond: 100 }).expect(201);
    const done = await until(
      () => app.as('agency').get('/api/v1/campaigns/esdb-letters'),
      (r) => r.body.status === 'completed' && r.body.delivered === 3,
    );
    expect(done.body).toMatchObject({ targeted: 3, sent: 3, delivered: 3, failed: 0 });
    expect(readdirSync(join(app.dataDir, 'outbox', 'digital-post'))).toHaveLength(3);

    const timeline = { body: (await openRecord(app.as('support'), ids[0]).expect(200)).body.timeline };
    const types = timeline.body.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['NemIdIssued', 'UpdateInfoLetterSent', 'DigitalPostDelivered']));
    expect(types.filter((t: string) => t === 'UpdateInfoLetterSent')).toHaveLength(1);
  });

  it('answers /health with the store up and counts no resubscriptions in a quiet run', async () => {
    await app.as('agency').get('/health').expect(200);
    const metrics = await app.as('agency').get('/metrics').expect(200);
    expect(metrics.text).toContain('# TYPE overgang_event_store_resubscriptions_total counter');
    expect(metrics.text).not.toMatch(/overgang_event_store_resubscriptions_total\{[^}]*\} [1-9]/);
  });
});
