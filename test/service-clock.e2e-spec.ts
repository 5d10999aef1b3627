import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TWO_NON_PHOTO_IDS, issueNemIdBody } from './support/requests';
import { startService, stopProcess } from './support/service-process';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';
import { until } from './support/until';

/** The service run "as of" a date (CLOCK_START): its business time, and the phase of the transition, follow it. */
describe('the service on a started clock', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })), 30_000);
  const asOf = async (start: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'overgang-clock-'));
    dirs.push(dataDir);
    return startService(dataDir, { CLOCK_START: start });
  };
  const headers = async (role: 'agency' | 'citizen-service') => ({
    authorization: `Bearer ${await tokenFor(role, TEST_SUBJECTS[role])}`,
    'content-type': 'application/json',
  });

  it('as of 2021-10-04: /health shows the business time, the desk issues a NemID and the update-info letter goes out', async () => {
    const service = await asOf('2021-10-04T08:00:00+02:00');
    try {
      const health = (await (await fetch(`${service.url}/health`)).json()) as { info: { clock?: { businessTime: string; rate: number } } };
      expect(health.info.clock?.businessTime).toMatch(/^2021-10-04T06:0/);
      expect(health.info.clock?.rate).toBe(1);
      const issued = await fetch(`${service.url}/api/v1/citizens`, {
        method: 'POST',
        headers: await headers('citizen-service'),
        body: JSON.stringify(issueNemIdBody({ cpr: '121280-1235', documents: TWO_NON_PHOTO_IDS })),
      });
      expect(issued.status).toBe(201);
      const started = await fetch(`${service.url}/api/v1/campaigns`, {
        method: 'POST',
        headers: await headers('agency'),
        body: JSON.stringify({ campaignId: 'oct-2021', kind: 'update-info-letter', ratePerSecond: 10 }),
      });
      expect(started.status).toBe(201);
      const campaign = await until(
        async () => (await (await fetch(`${service.url}/api/v1/campaigns/oct-2021`, { headers: await headers('agency') })).json()) as Record<string, unknown>,
        (view) => view.delivered === 1,
        30_000,
      );
      expect(campaign).toMatchObject({ status: 'completed', sent: 1, delivered: 1 });
    } finally {
      await stopProcess(service.child, 'SIGTERM');
    }
  }, 90_000);

  it('as of 2023-11-01, after the shutdown: the desk is refused with the rule that says why', async () => {
    const service = await asOf('2023-11-01T09:00:00+01:00');
    try {
      const refused = await fetch(`${service.url}/api/v1/citizens`, {
        method: 'POST',
        headers: await headers('citizen-service'),
        body: JSON.stringify(issueNemIdBody({ cpr: '121280-1235' })),
      });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ rule: 'nemid-shut-down', detail: expect.stringContaining('2023-10-31') });
    } finally {
      await stopProcess(service.child, 'SIGTERM');
    }
  }, 60_000);
});
