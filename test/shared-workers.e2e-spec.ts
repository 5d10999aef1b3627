import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGN_STEPS_CONSUMER } from '../src/campaigns/campaign-worker';
import { DELIVERY_CONSUMER, DeliveryPosition } from '../src/digital-post/delivery-position';
import { COMPETING_CONSUMERS } from '../src/event-store/competing-consumers';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store';
import { InProcessCompetingConsumers } from './support/in-process-consumers';
import { TWO_NON_PHOTO_IDS, issueNemIdBody, openRecord } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

const cprs = ['0101701011', '0202711012', '0303721013', '0404731014'];

/**
 * The shared mode used on EventStoreDB (campaign turns and letters handed out by a persistent
 * subscription) run here on the embedded store, with an in-process stand-in for the subscription.
 */
describe('workers in shared mode (competing consumers)', () => {
  let app: TestApp;
  let consumers: InProcessCompetingConsumers;
  const ids: string[] = [];

  beforeAll(async () => {
    app = await startApp(undefined, {
      override: (builder) =>
        builder
          .overrideProvider(COMPETING_CONSUMERS)
          .useFactory({ factory: (store: EventStore) => new InProcessCompetingConsumers(() => store), inject: [EVENT_STORE] }),
    });
    consumers = app.app.get(COMPETING_CONSUMERS);
    for (const cpr of cprs) {
      const response = await app
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr, documents: TWO_NON_PHOTO_IDS }))
        .expect(201);
      ids.push(response.body.citizenId);
    }
  }, 60_000);
  afterAll(() => app.close(), 30_000);

  it('runs a campaign turn by turn and delivers each letter once, without the single-process loops', async () => {
    await app.as('agency').post('/api/v1/campaigns').send({ campaignId: 'shared-1', kind: 'update-info-letter', ratePerSecond: 2 }).expect(201);
    const done = await until(
      () => app.as('agency').get('/api/v1/campaigns/shared-1'),
      (r) => r.body.status === 'completed' && r.body.delivered === 4,
      20_000,
    );
    expect(done.body).toMatchObject({ targeted: 4, sent: 4, delivered: 4, failed: 0 });
    expect(readdirSync(join(app.dataDir, 'outbox', 'digital-post'))).toHaveLength(4);

    // At 2 letters a second the cohort takes more than one turn, each carried by the previous turn's event.
    const turns = consumers.handled.filter((h) => h.group === CAMPAIGN_STEPS_CONSUMER && h.outcome === 'ack');
    expect(turns.length).toBeGreaterThanOrEqual(3);
    const deliveries = consumers.handled.filter((h) => h.group === DELIVERY_CONSUMER && h.outcome === 'ack');
    expect(new Set(deliveries.map((d) => d.eventId)).size).toBe(4);
    // The single-process delivery loop never ran: its checkpoint is where it started.
    expect(app.app.get(DeliveryPosition).read()).toBe(0n);

    for (const citizenId of ids) {
      const timeline = { body: (await openRecord(app.as('support'), citizenId).expect(200)).body.timeline };
      const types: string[] = timeline.body.map((e: { type: string }) => e.type);
      expect(types.filter((t) => t === 'UpdateInfoLetterSent')).toHaveLength(1);
      expect(types.filter((t) => t === 'DigitalPostDelivered')).toHaveLength(1);
    }
  });
});
