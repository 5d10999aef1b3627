import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CampaignWorker } from '../src/campaigns/campaign-worker';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store';
import { memoProblems, memoRecipient } from './support/memo-validator';
import { TWO_NON_PHOTO_IDS, issueNemIdBody, openRecord } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

/** Valid CPR numbers of adults (the 7th digit and year give the 1900s). */
const cprs = Array.from({ length: 12 }, (_, i) => `0${(i % 9) + 1}0${(i % 9) + 1}7${i % 10}-${1000 + i}`);

/** An app of its own with six holders: four who must update (Digital Post, large print, paper, paper to a delivery address) and two who need no letter. */
async function appWithHolders(): Promise<{ app: TestApp; ids: Record<string, string> }> {
  const app = await startApp();
  const ids: Record<string, string> = {};
  const issue = async (name: string, cpr: string, overrides: Record<string, unknown>) => {
    const response = await app
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send(issueNemIdBody({ cpr, ...overrides }))
      .expect(201);
    ids[name] = response.body.citizenId;
  };
  await issue('digital', cprs[0], { documents: TWO_NON_PHOTO_IDS });
  await issue('large', cprs[1], { documents: TWO_NON_PHOTO_IDS, visualImpairment: 'partially-sighted' });
  await issue('exempt', cprs[2], { documents: TWO_NON_PHOTO_IDS, digitalPostExempt: true });
  await issue('protected', cprs[3], { documents: TWO_NON_PHOTO_IDS, digitalPostExempt: true, addressProtected: true });
  await app
    .as('citizen-service')
    .post(`/api/v1/citizens/${ids.protected}/delivery-address`)
    .send({ street: 'Postboks 17', postalCode: '2300', city: 'København S' })
    .expect(201);
  await issue('photoId', cprs[4], {});
  await issue('updated', cprs[5], { documents: TWO_NON_PHOTO_IDS });
  await app
    .as('citizen-service')
    .post(`/api/v1/citizens/${ids.updated}/info-updates`)
    .send({ channel: 'citizen-service', documents: [{ kind: 'passport', showsCpr: true, issuingCountry: 'DK' }] })
    .expect(201);
  return { app, ids };
}

/** Letters of a campaign in the store, whatever the read models say yet. */
async function lettersOf(app: TestApp, campaignId: string): Promise<number> {
  let letters = 0;
  for await (const event of app.app.get<EventStore>(EVENT_STORE).readAll({ filter: { eventTypes: ['UpdateInfoLetterSent'] } })) {
    if ((event.data as { campaignId: string }).campaignId === campaignId) letters++;
  }
  return letters;
}

const campaignOf = (app: TestApp) => (id: string) => app.as('agency').get(`/api/v1/campaigns/${id}`);

/** Each describe has an app of its own: no test depends on what another did before it. */
describe('an update-info-letter campaign run to completion (HTTP, worker, Digital Post drop folder)', () => {
  let app: TestApp;
  let ids: Record<string, string>;
  let campaign: ReturnType<typeof campaignOf>;
  let completed: Awaited<ReturnType<ReturnType<typeof campaignOf>>>;

  beforeAll(async () => {
    ({ app, ids } = await appWithHolders());
    campaign = campaignOf(app);
    const started = await app
      .as('agency')
      .post('/api/v1/campaigns')
      .send({ campaignId: 'oct-2021', kind: 'update-info-letter', ratePerSecond: 1000 })
      .expect(201);
    expect(started.body).toMatchObject({ campaignId: 'oct-2021', kind: 'update-info-letter', cohort: {} });
    completed = await until(
      () => campaign('oct-2021'),
      (r) => r.body.status === 'completed' && r.body.delivered === 4,
    );
  }, 60_000);
  afterAll(() => app.close(), 60_000);

  it('sends one letter to each holder who must update: Digital Post, large print, paper, paper to the delivery address', async () => {
    expect(completed.body).toMatchObject({
      status: 'completed',
      targeted: 4,
      sent: 4,
      skipped: 0,
      delivered: 4,
      failed: 0,
      remaining: 0,
      estimatedCompletionAt: null,
    });

    const outbox = join(app.dataDir, 'outbox');
    const messages = readdirSync(join(outbox, 'digital-post'));
    const papers = readdirSync(join(outbox, 'paper'));
    expect(messages).toHaveLength(2);
    expect(papers).toHaveLength(2);
    const recipients = messages.map((file) => {
      const xml = readFileSync(join(outbox, 'digital-post', file), 'utf8');
      expect(memoProblems(xml)).toEqual([]);
      return memoRecipient(xml);
    });
    expect(recipients.sort()).toEqual([cprs[0], cprs[1]].map((c) => c.replace('-', '')).sort());
    for (const file of papers)
      expect(
        readFileSync(join(outbox, 'paper', file))
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    for (const file of [...messages, ...papers]) expect(file).toMatch(/^[0-9a-f-]{36}\.(xml|pdf)$/);
  });

  it("counts the campaign's letters by kind and outcome, and the deliveries by channel, in /metrics", async () => {
    const metrics = (await app.as('agency').get('/metrics').expect(200)).text;
    expect(metrics).toContain('overgang_campaign_letters_total{kind="update-info-letter",outcome="sent"} 4');
    expect(metrics).toContain('overgang_deliveries_total{channel="drop-folder",outcome="delivered"} 4');
    expect(metrics).not.toMatch(/overgang_delivery_failures_total\{channel="drop-folder"\} [1-9]/);
  });

  it("records the letter and its delivery in the citizen's timeline", async () => {
    const timeline = (await openRecord(app.as('support'), ids.large).expect(200)).body.timeline;
    const lines = timeline.map((entry: { summary: { en: string }; details: Record<string, string> }) => `${entry.summary.en} ${JSON.stringify(entry.details)}`);
    expect(lines).toContainEqual(expect.stringMatching(/^Letter asking to update personal information sent \{"campaignId":"oct-2021"\}/));
    expect(lines).toContainEqual(expect.stringMatching(/^Letter delivered as Digital Post in large print \{"campaignId":"oct-2021"/));
    const protectedTimeline = (await openRecord(app.as('support'), ids.protected).expect(200)).body.timeline;
    expect(protectedTimeline.map((e: { summary: { en: string } }) => e.summary.en)).toContainEqual(expect.stringMatching(/delivered as a paper letter/));
  });

  it('starting the same campaign again is answered 200 and sends nothing more', async () => {
    const head = await app.app.get<EventStore>(EVENT_STORE).headPosition();
    const again = await app
      .as('agency')
      .post('/api/v1/campaigns')
      .send({ campaignId: 'oct-2021', kind: 'update-info-letter', ratePerSecond: 1000 })
      .expect(200);
    expect(again.body).toMatchObject({ campaignId: 'oct-2021', status: 'completed', sent: 4 });
    // Nothing was recorded, so nothing can start the worker again (it only wakes on CampaignStarted / CampaignResumed).
    expect(await app.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(head);
    expect(readdirSync(join(app.dataDir, 'outbox', 'digital-post'))).toHaveLength(2);
  });

  it('the same id with other settings is a conflict naming the rule', async () => {
    const response = await app
      .as('agency')
      .post('/api/v1/campaigns')
      .send({ campaignId: 'oct-2021', kind: 'update-info-letter', ratePerSecond: 5 })
      .expect(409);
    expect(response.body).toMatchObject({ rule: 'campaign-id-taken' });
  });

  it('lists campaigns with their progress', async () => {
    const list = await app.as('agency').get('/api/v1/campaigns?status=completed').expect(200);
    expect(list.body.items.map((c: { campaignId: string }) => c.campaignId)).toEqual(['oct-2021']);
  });

  it('an unknown campaign is 404, pausing it too', async () => {
    await campaign('no-such-campaign').expect(404);
    await app.as('agency').post('/api/v1/campaigns/no-such-campaign/pause').expect(404);
  });

  it.each([
    [{ kind: 'birthday-card', ratePerSecond: 10 }, 'kind'],
    [{ kind: 'update-info-letter', ratePerSecond: -1 }, 'ratePerSecond'],
    [{ kind: 'update-info-letter', ratePerSecond: 'fast' }, 'ratePerSecond'],
    [{ kind: 'update-info-letter', ratePerSecond: 10, cohort: { shoeSize: 42 } }, 'cohort.shoeSize'],
    [{ kind: 'update-info-letter', ratePerSecond: 10, cohort: { status: 'sleeping' } }, 'cohort.status'],
    [{ kind: 'update-info-letter', ratePerSecond: 10, cohort: { needsInfoUpdate: false } }, 'cohort.needsInfoUpdate'],
    [{ kind: 'update-info-letter', ratePerSecond: 10, startAt: '2022-03-10T09:00:00Z' }, 'startAt'],
    [{ kind: 'update-info-letter', ratePerSecond: 10, startAt: 'tomorrow' }, 'startAt'],
    [{ kind: 'update-info-letter', ratePerSecond: 10, campaignId: 'Has Spaces' }, 'campaignId'],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const response = await app
      .as('agency')
      .post('/api/v1/campaigns')
      .send(body)
      .expect(400)
      .expect('content-type', /application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    if (body.ratePerSecond === 'fast') expect(response.body.errors[0].reason).toBe('must be an integer number');
  });
});

describe('letter campaigns started in other ways', () => {
  it('without an id, the same kind and cohort are the same campaign', async () => {
    const { app } = await appWithHolders();
    const campaign = campaignOf(app);
    const first = await app
      .as('agency')
      .post('/api/v1/campaigns')
      .send({ kind: 'update-info-letter', cohort: { digitalPostExempt: true }, ratePerSecond: 100 })
      .expect(201);
    const second = await app
      .as('agency')
      .post('/api/v1/campaigns')
      .send({ kind: 'update-info-letter', cohort: { digitalPostExempt: true }, ratePerSecond: 100 })
      .expect(200);
    expect(second.body.campaignId).toBe(first.body.campaignId);
    const done = await until(
      () => campaign(first.body.campaignId),
      (r) => r.body.status === 'completed',
    );
    // Both exempt holders are in the cohort; each gets this campaign's letter once.
    expect(done.body).toMatchObject({ targeted: 2, sent: 2 });
    await app.close();
  });

  it('pauses and resumes where it stopped', async () => {
    const { app } = await appWithHolders();
    const campaign = campaignOf(app);
    for (let i = 6; i < 12; i++)
      await app
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr: cprs[i], documents: TWO_NON_PHOTO_IDS }))
        .expect(201);
    await app.as('agency').post('/api/v1/campaigns').send({ campaignId: 'slow', kind: 'update-info-letter', ratePerSecond: 4 }).expect(201);
    await until(
      () => campaign('slow'),
      (r) => r.body.sent >= 1,
    );
    const paused = await app.as('agency').post('/api/v1/campaigns/slow/pause').expect(200);
    expect(paused.body.status).toBe('paused');
    // With the background loop stopped (the step in hand finished), a worker asked to run the paused campaign sends nothing.
    const worker = app.app.get(CampaignWorker);
    await worker.stop();
    const before = await lettersOf(app, 'slow');
    await worker.runToCompletion(['slow']);
    expect(await lettersOf(app, 'slow')).toBe(before);
    expect(before).toBeLessThan(10);
    await worker.start();
    await app.as('agency').post('/api/v1/campaigns/slow/resume').expect(200);
    const done = await until(
      () => campaign('slow'),
      (r) => r.body.status === 'completed',
      15_000,
    );
    expect(done.body).toMatchObject({ targeted: 10, sent: 10, skipped: 0 });
    expect(await lettersOf(app, 'slow')).toBe(10);
    await app.close();
  });
});
