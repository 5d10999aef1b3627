import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { citizenStream } from '../src/domain/citizen';
import { addDays, danishDateOf } from '../src/domain/dates';
import { DayRunner } from '../src/transition/day-runner';
import { FixedClock } from '../src/domain/clock';
import { issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';

const FIRST_DAY = '2021-09-01';
const LAST_DAY = '2023-11-01';
const FOREIGN_PASSPORT_AND_HEALTH_CARD = [
  { kind: 'passport', showsCpr: false, issuingCountry: 'SE' },
  { kind: 'health-insurance-card', showsCpr: true },
];

interface Profile {
  name: string;
  cpr: string;
  issue: Record<string, unknown>;
  deliveryAddress?: boolean;
  mitId?: { on: string; route: string };
  expected: string[];
  form: 'digital-post' | 'paper';
}

const R = 'deadline-reminder';
/**
 * Real dates: deadline 2022-06-30 (reminders 60/30/7 days before, final warning the day before),
 * moved on 2022-05-02 to 2022-10-31; public self-service ends 2023-06-30; NemID shut down after 2023-10-31.
 */
const PROFILES: Profile[] = [
  {
    name: 'migrated early',
    cpr: '010170-1001',
    issue: {},
    mitId: { on: '2022-03-01', route: 'bank' },
    expected: ['nemid-retired', 'nemid-no-longer-needed'],
    form: 'digital-post',
  },
  {
    name: 'migrated late',
    cpr: '020270-1002',
    issue: {},
    mitId: { on: '2023-01-15', route: 'bank' },
    expected: [R, R, R, R, 'final-warning', 'nemid-no-longer-needed'],
    form: 'digital-post',
  },
  {
    name: 'exempt from Digital Post',
    cpr: '030370-1003',
    issue: { digitalPostExempt: true },
    mitId: { on: '2022-09-15', route: 'citizen-service' },
    expected: [R, R, 'nemid-retired', 'nemid-no-longer-needed'],
    form: 'paper',
  },
  {
    name: 'no Danish passport',
    cpr: '040470-1004',
    issue: { documents: FOREIGN_PASSPORT_AND_HEALTH_CARD, danishCitizen: false, holdsDanishPassport: false },
    expected: ['keep-nemid', 'nemid-shutdown'],
    form: 'digital-post',
  },
  {
    name: 'abroad',
    cpr: '050570-1005',
    issue: { residesAbroad: true },
    mitId: { on: '2022-06-15', route: 'mitid-dk' },
    expected: [R, 'nemid-retired', 'nemid-no-longer-needed'],
    form: 'digital-post',
  },
  {
    name: 'address-protected',
    cpr: '060670-1006',
    issue: { addressProtected: true, digitalPostExempt: true },
    deliveryAddress: true,
    mitId: { on: '2022-10-15', route: 'citizen-service' },
    expected: [R, R, R, 'nemid-retired', 'nemid-no-longer-needed'],
    form: 'paper',
  },
  { name: 'never migrated', cpr: '070770-1007', issue: {}, expected: [R, R, R, R, 'final-warning', 'nemid-shutdown'], form: 'digital-post' },
];

describe('replaying the transition day by day, 2021-09-01 to 2023-11-01', () => {
  let app: TestApp;
  const clock = new FixedClock(new Date(`${FIRST_DAY}T05:00:00Z`));
  const citizenIds = new Map<string, string>();

  beforeAll(async () => {
    process.env.WORKERS = 'off';
    app = await startApp(clock);
    for (const profile of PROFILES) {
      const issued = await app
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr: profile.cpr, ...profile.issue }))
        .expect(201);
      citizenIds.set(profile.name, issued.body.citizenId);
      if (profile.deliveryAddress) {
        await app
          .as('citizen-service')
          .post(`/api/v1/citizens/${issued.body.citizenId}/delivery-address`)
          .send({ street: 'Postboks 17', postalCode: '2300', city: 'København S' })
          .expect(201);
      }
    }
    const scheduler = app.app.get(DayRunner);
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDays(day, 1)) {
      expect(danishDateOf(clock.now())).toBe(day);
      if (day === '2022-05-02') {
        await app.as('agency').post('/api/v1/transition-schedule/deadline').send({ to: '2022-10-31', reason: 'pressure on Citizen Service' }).expect(200);
      }
      for (const profile of PROFILES) {
        if (profile.mitId?.on === day)
          await app
            .as('citizen-service')
            .post(`/api/v1/citizens/${citizenIds.get(profile.name)}/mitid`)
            .send({ route: profile.mitId.route })
            .expect(201);
      }
      await scheduler.runDay(day);
      // Running a day twice sends nothing twice.
      if (day === '2022-10-30') await scheduler.runDay(day);
      clock.advanceDays(1);
    }
  }, 120_000);
  afterAll(() => app.close(), 30_000);

  const streamOf = async (name: string) => {
    const store = new SqliteEventStore({ path: join(app.dataDir, 'events.sqlite') });
    const events = [];
    for await (const event of store.readStream(citizenStream(citizenIds.get(name)!))) events.push(event);
    await store.close();
    return events;
  };

  it.each(PROFILES.map((p) => [p.name, p] as const))('%s: gets exactly the expected notices, in order', async (_, profile) => {
    const notices = (await (await app.asCitizen(citizenIds.get(profile.name)!)).get('/api/v1/me/notices').expect(200)).body;
    expect(notices.map((n: { kind: string }) => n.kind)).toEqual(profile.expected);
    for (const notice of notices) expect(notice).toMatchObject({ delivery: 'delivered', form: profile.form });
  });

  it('reminders after the move name the new deadline, the one before it the old', async () => {
    const notices = (await (await app.asCitizen(citizenIds.get('never migrated')!)).get('/api/v1/me/notices').expect(200)).body;
    expect(notices.map((n: { sentOn: string; subject: { en: string } }) => `${n.sentOn} ${n.subject.en}`)).toEqual([
      '2022-05-01 Remember to move from NemID to MitID by 30 June 2022',
      '2022-09-01 Remember to move from NemID to MitID by 31 October 2022',
      '2022-10-01 Remember to move from NemID to MitID by 31 October 2022',
      '2022-10-24 Remember to move from NemID to MitID by 31 October 2022',
      '2022-10-30 Final reminder: move to MitID by 31 October 2022',
      '2023-11-01 NemID has been shut down',
    ]);
  });

  it('NemIDs are retired after the deadline (with MitID), once MitID has replaced NemID, or at the shutdown', async () => {
    const retired = async (name: string) => (await streamOf(name)).filter((e) => e.type === 'NemIdRetired').map((e) => e.data);
    expect(await retired('migrated early')).toEqual([expect.objectContaining({ retiredOn: '2022-11-01', reason: 'migrated' })]);
    expect(await retired('migrated late')).toEqual([expect.objectContaining({ retiredOn: '2023-07-01', reason: 'migrated' })]);
    expect(await retired('no Danish passport')).toEqual([expect.objectContaining({ retiredOn: '2023-11-01', reason: 'nemid-shutdown' })]);
    expect(await retired('never migrated')).toEqual([expect.objectContaining({ retiredOn: '2023-11-01', reason: 'nemid-shutdown' })]);
  });

  it('every notice was delivered once: one delivery per notice, one file per delivery', async () => {
    let notices = 0;
    for (const profile of PROFILES) {
      const events = await streamOf(profile.name);
      const sent = events.filter((e) => e.type === 'NoticeSent');
      const delivered = events.filter((e) => e.type === 'DigitalPostDelivered');
      expect(new Set(sent.map((e) => (e.data as { campaignId: string }).campaignId)).size).toBe(sent.length);
      expect(delivered.map((e) => (e.data as { letterEventId: string }).letterEventId).sort()).toEqual(sent.map((e) => e.id).sort());
      notices += sent.length;
    }
    const outbox = join(app.dataDir, 'outbox');
    expect(readdirSync(join(outbox, 'digital-post')).length + readdirSync(join(outbox, 'paper')).length).toBe(notices);
  });

  it('a citizen sees their status and what to do now', async () => {
    const status = (await (await app.asCitizen(citizenIds.get('no Danish passport')!)).get('/api/v1/me/status').expect(200)).body;
    expect(status).toMatchObject({ status: 'nemid-retired', nemIdActive: false, hasMitId: false, deadline: '2022-10-31', notices: 2 });
    expect(status.nextStep.en).toBe('Your NemID is closed. Use MitID.');
  });
});
