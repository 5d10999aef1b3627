import { SchedulerRegistry } from '@nestjs/schedule';
import { DAILY_RUN, DailyRun } from '../src/transition/daily-run';
import { FixedClock } from '../src/domain/clock';
import { issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

describe('the daily run in the service', () => {
  let app: TestApp;

  beforeAll(async () => {
    process.env.TRANSITION_SCHEDULER = 'on';
    // Two days before the default deadline (2022-06-30): nothing is due at start.
    app = await startApp(new FixedClock(new Date('2022-06-28T10:00:00Z')));
  }, 60_000);

  it('is scheduled daily at 06:00 Copenhagen time, its timer in the schedule registry', () => {
    const dailyRun = app.app.get(DailyRun);
    expect(dailyRun.isActive).toBe(true);
    expect(dailyRun.nextDate().toLocaleTimeString('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' })).toBe('06:00');
    expect(app.app.get(SchedulerRegistry).doesExist('timeout', DAILY_RUN)).toBe(true);
  });

  it("each run starts the day's milestones, and the workers send them", async () => {
    await app.as('agency').get('/api/v1/campaigns/notice-final-warning-v1').expect(404);
    const issued = await app
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send(issueNemIdBody({ cpr: '010170-1001' }))
      .expect(201);
    // 06:00 on the day before the deadline: the final warning and the keep-NemID notice are due.
    app.clock.advanceDays(1);
    await app.app.get(DailyRun).fireOnTick();
    const campaign = await until(
      () => app.as('agency').get('/api/v1/campaigns/notice-final-warning-v1'),
      (r) => r.status === 200 && r.body.status === 'completed' && r.body.sent === 1,
    );
    expect(campaign.body).toMatchObject({ kind: 'final-warning', status: 'completed', sent: 1 });
    await app.as('agency').get('/api/v1/campaigns/notice-keep-nemid-v1').expect(200);
    const citizen = await app.asCitizen(issued.body.citizenId);
    const notices = await until(
      () => citizen.get('/api/v1/me/notices'),
      (r) => r.body[0]?.delivery === 'delivered',
    );
    expect(notices.body).toMatchObject([{ kind: 'final-warning', sentOn: '2022-06-29', delivery: 'delivered' }]);
  });

  it('stops on shutdown', async () => {
    const registry = app.app.get(SchedulerRegistry);
    const dailyRun = app.app.get(DailyRun);
    await app.close();
    expect(dailyRun.isActive).toBe(false);
    expect(registry.doesExist('timeout', DAILY_RUN)).toBe(false);
  });
});
