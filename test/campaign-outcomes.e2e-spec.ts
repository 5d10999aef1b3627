import { TWO_NON_PHOTO_IDS, issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

/** A campaign counts the citizens a rule excluded, per rule, apart from anything that went wrong. */
describe('campaign outcomes per rule', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  }, 60_000);
  afterAll(() => app.close(), 60_000);

  it('update-info letters after self-service has closed are skipped by that rule, none sent, none undecided', async () => {
    // Business date 2022-03-10 (the test clock); this schedule closed self-service on 2022-02-28.
    await app
      .as('agency')
      .put('/api/v1/transition-schedule')
      .send({
        deadline: '2022-01-31',
        reminderDaysBefore: [30],
        finalWarningDaysBefore: 1,
        codeCardsEnd: '2022-02-27',
        publicSelfServiceEnd: '2022-02-28',
        nemIdShutdown: '2022-12-31',
      })
      .expect(200);
    for (const cpr of ['011070-1011', '021070-1012']) {
      await app
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr, documents: TWO_NON_PHOTO_IDS }))
        .expect(201);
    }
    await app.as('agency').post('/api/v1/campaigns').send({ campaignId: 'too-late', kind: 'update-info-letter', ratePerSecond: 100 }).expect(201);
    const done = await until(
      () => app.as('agency').get('/api/v1/campaigns/too-late'),
      (r) => r.body.status === 'completed',
    );
    expect(done.body).toMatchObject({ targeted: 2, sent: 0, skipped: 2, skippedByRule: { 'update-info-only-while-self-service-open': 2 }, undecided: 0 });
  });
});
