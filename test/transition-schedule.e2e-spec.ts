import { FixedClock } from '../src/domain/clock';
import { TestApp, startApp } from './support/test-app';

describe('the transition schedule over HTTP', () => {
  let app: TestApp;
  const schedule = {
    deadline: '2022-06-30',
    reminderDaysBefore: [60, 30, 7],
    finalWarningDaysBefore: 1,
    publicSelfServiceEnd: '2023-06-30',
    nemIdShutdown: '2023-10-31',
  };

  beforeAll(async () => {
    app = await startApp(new FixedClock(new Date('2022-04-20T10:00:00Z')));
  }, 60_000);
  afterAll(() => app.close(), 30_000);

  it('shows the default dates until the agency sets a schedule, with the milestones and the next one', async () => {
    const view = (await app.as('agency').get('/api/v1/transition-schedule').expect(200)).body;
    expect(view).toMatchObject({
      source: 'default',
      deadlineVersion: 1,
      schedule,
      next: { milestone: 'reminder-60d', on: '2022-05-01', campaignId: 'notice-reminder-60d-v1' },
    });
    expect(view.milestones).toHaveLength(8);
  });

  it('sets the schedule, and the same PUT again changes nothing', async () => {
    const set = (await app.as('agency').put('/api/v1/transition-schedule').send(schedule).expect(200)).body;
    expect(set).toMatchObject({ source: 'set', deadlineVersion: 1 });
    await app.as('agency').put('/api/v1/transition-schedule').send(schedule).expect(200);
  });

  it('moves the deadline with a reason: milestones ahead follow it under a new deadline version', async () => {
    app.clock.advanceDays(12); // 2022-05-02
    const moved = (
      await app.as('agency').post('/api/v1/transition-schedule/deadline').send({ to: '2022-10-31', reason: 'pressure on Citizen Service' }).expect(200)
    ).body;
    expect(moved).toMatchObject({
      deadlineVersion: 2,
      schedule: { deadline: '2022-10-31' },
      deadlineChanges: [{ from: '2022-06-30', to: '2022-10-31', movedOn: '2022-05-02' }],
    });
    expect(moved.next).toMatchObject({ milestone: 'reminder-60d', on: '2022-09-01', campaignId: 'notice-reminder-60d-v2' });
    const due = (await app.as('agency').get('/api/v1/transition-schedule/due').query({ date: '2022-10-30' }).expect(200)).body;
    expect(due.map((m: { campaignId: string }) => m.campaignId)).toEqual(['notice-final-warning-v2', 'notice-keep-nemid-v2']);
  });

  it('a PUT that changes the set deadline is refused: the deadline moves with a reason (409)', async () => {
    const refused = await app
      .as('agency')
      .put('/api/v1/transition-schedule')
      .send({ ...schedule, deadline: '2022-12-31' })
      .expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toMatch(/move it with a reason/);
  });

  it.each([
    ['a deadline that is not a date', 'put', { ...schedule, deadline: '2022-02-30' }, 'deadline'],
    ['reminder days that are not whole days', 'put', { ...schedule, reminderDaysBefore: [60, 'soon'] }, 'reminderDaysBefore'],
    ['a negative final warning', 'put', { ...schedule, finalWarningDaysBefore: -1 }, 'finalWarningDaysBefore'],
    ['self-service ending after the shutdown', 'put', { ...schedule, deadline: '2022-10-31', publicSelfServiceEnd: '2023-12-01' }, 'publicSelfServiceEnd'],
    ['an unknown field', 'put', { ...schedule, holiday: '2022-12-24' }, 'holiday'],
    ['a move to the past', 'post', { to: '2022-04-01', reason: 'typo' }, 'to'],
    ['a move without a reason', 'post', { to: '2022-11-30' }, 'reason'],
    ['a move beyond the end of self-service', 'post', { to: '2023-08-01', reason: 'again' }, 'to'],
  ])('%s is a 400 naming the field', async (_, method, body, field) => {
    const call = method === 'put' ? app.as('agency').put('/api/v1/transition-schedule') : app.as('agency').post('/api/v1/transition-schedule/deadline');
    const response = await call.send(body).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(response.body)).toContain(field);
  });

  it('an empty schedule names each missing field with its type, not a range rule', async () => {
    const response = await app.as('agency').put('/api/v1/transition-schedule').send({}).expect(400);
    const reasons = Object.fromEntries(response.body.errors.map((e: { field: string; reason: string }) => [e.field, e.reason]));
    expect(reasons).toMatchObject({ reminderDaysBefore: 'must be an array', finalWarningDaysBefore: 'must be an integer number' });
  });

  it('the due query needs a real date', async () => {
    await app.as('agency').get('/api/v1/transition-schedule/due').query({ date: 'tomorrow' }).expect(400);
  });

  it('a citizen token that names no citizen is 403 on /me; an unknown citizen is 404', async () => {
    const notACitizenId = await app.asCitizen('nope');
    const forbidden = await notACitizenId.get('/api/v1/me/notices').expect(403);
    expect(forbidden.body.detail).toBe('the token does not identify a citizen');
    await (await app.asCitizen('a'.repeat(32))).get('/api/v1/me/status').expect(404);
  });
});
