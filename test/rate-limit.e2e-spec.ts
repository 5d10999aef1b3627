import request from 'supertest';
import { TestApp, startApp } from './support/test-app';
import { tokenFor } from './support/tokens';

describe('rate limiting per caller', () => {
  let t: TestApp;
  beforeAll(async () => {
    // ConfigModule reads the environment when AppModule loads: one suite, one limit.
    process.env.RATE_LIMIT_PER_MINUTE = '5';
    t = await startApp();
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  it('answers 429 problem+json with Retry-After once a token has used its minute, and other tokens go on', async () => {
    const busy = await tokenFor('agency', 'busy-planner');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await request(t.server()).get('/api/v1/progress').set('Authorization', `Bearer ${busy}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    const limited = await request(t.server()).get('/api/v1/progress').set('Authorization', `Bearer ${busy}`);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const other = await tokenFor('agency', 'other-planner');
    await request(t.server()).get('/api/v1/progress').set('Authorization', `Bearer ${other}`).expect(200);
  });

  it("counts a verified caller's requests together whichever of their tokens they send", async () => {
    const first = await tokenFor('agency', 'planner-with-two-tokens', { ttlSeconds: 600 });
    const second = await tokenFor('agency', 'planner-with-two-tokens', { ttlSeconds: 1200 });
    expect(first).not.toBe(second);
    const statuses: number[] = [];
    for (const token of [first, second, first, second, first, second]) {
      statuses.push((await request(t.server()).get('/api/v1/progress').set('Authorization', `Bearer ${token}`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('limits requests without a verified token by address (no token, or a new made-up one each time), but never the health check', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(t.server()).get('/api/v1/progress')).status);
    for (let i = 0; i < 3; i++) statuses.push((await request(t.server()).get('/api/v1/progress').set('Authorization', `Bearer made-up-token-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    for (let i = 0; i < 10; i++) await request(t.server()).get('/health').expect(200);
  });
});
