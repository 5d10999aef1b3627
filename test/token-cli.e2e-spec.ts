import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { TEST_TOKEN_SECRET } from './support/tokens';
import { COMPILED } from './support/service-process';

const ROOT = join(__dirname, '..');

describe('npm run cli -- token', () => {
  let t: TestApp;
  const token = (...args: string[]) =>
    spawnSync(process.execPath, [COMPILED.cli, 'token', ...args], {
      cwd: ROOT,
      // The app's own data folder: the CLI derives a citizen's id with the same development CPR keys.
      env: { ...process.env, DATA_DIR: t.dataDir, AUTH_JWT_SECRET: TEST_TOKEN_SECRET, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    t = await startApp();
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  it('mints a staff token the service accepts for that role only, and prints nothing else', async () => {
    const minted = token('--role', 'agency', '--sub', 'planner-3', '--ttl', '30m');
    expect(minted.status).toBe(0);
    const jwt = minted.stdout.trim();
    expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'planner-3', roles: ['agency'] });
    expect(payload.exp - payload.iat).toBe(1800);
    await request(t.server()).get('/api/v1/progress').set('Authorization', `Bearer ${jwt}`).expect(200);
    await request(t.server()).get('/api/v1/me/notices').set('Authorization', `Bearer ${jwt}`).expect(403);
  });

  it("mints a citizen's token from their CPR number without putting the number in it", async () => {
    await t
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send(issueNemIdBody({ cpr: '070761-4285' }))
      .expect(201);
    const minted = token('--role', 'citizen', '--cpr', '070761-4285');
    expect(minted.status).toBe(0);
    const jwt = minted.stdout.trim();
    expect(Buffer.from(jwt.split('.')[1], 'base64url').toString()).not.toMatch(/0707614285|070761-4285/);
    const status = await request(t.server()).get('/api/v1/me/status').set('Authorization', `Bearer ${jwt}`).expect(200);
    expect(status.body).toMatchObject({ status: 'nemid-active', nemIdActive: true });
  });

  it.each([
    [['--role', 'boss', '--sub', 'x'], /--role .*must be one of agency, citizen-service, support, citizen/],
    [['--role', 'support'], /--sub <subject> is required/],
    [['--role', 'support', '--sub', 'x', '--ttl', 'forever'], /must be a number with s, m, h or d/],
    [['--role', 'citizen', '--sub', 'not-an-id'], /32-character citizenId/],
    [['--role', 'citizen', '--cpr', '320161-4285'], /--cpr day 32 does not exist/],
  ])('refuses %j in one line with exit code 2', (args, message) => {
    const refused = token(...args);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(message);
    expect(refused.stderr).not.toContain('320161');
  });
});
