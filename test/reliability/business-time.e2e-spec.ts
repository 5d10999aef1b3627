import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueNemIdBody } from '../support/requests';
import { startService, stopProcess } from '../support/service-process';
import { TEST_SUBJECTS, tokenFor } from '../support/tokens';
import { until } from '../support/until';

/** A rehearsal at a day per minute: a second of real time is 24 minutes of business time, so any step back shows. */
const REHEARSAL = { CLOCK_START: '2021-10-04T08:00:00+02:00', CLOCK_RATE: '1440' };

const businessTimeOf = async (url: string) => {
  const health = (await (await fetch(`${url}/health`)).json()) as { info: { clock: { businessTime: string } } };
  return Date.parse(health.info.clock.businessTime);
};

/** Every event's business time, in the order the store recorded them. */
function occurredAtInOrder(dataDir: string): number[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT metadata FROM events ORDER BY position').pluck().all() as string[]).map((metadata) =>
      Date.parse(JSON.parse(metadata).occurredAt),
    );
  } finally {
    db.close();
  }
}

describe('reliability: business time never runs backwards in a data folder', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'overgang-business-time-'));
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }), 30_000);

  const issue = async (url: string, cpr: string) => {
    const desk = { authorization: `Bearer ${await tokenFor('citizen-service', TEST_SUBJECTS['citizen-service'])}`, 'content-type': 'application/json' };
    const response = await fetch(`${url}/api/v1/citizens`, { method: 'POST', headers: desk, body: JSON.stringify(issueNemIdBody({ cpr })) });
    expect(response.status).toBe(201);
  };

  it('a rehearsal killed and started again with the same CLOCK_START goes on from where it was', async () => {
    const first = await startService(dataDir, REHEARSAL);
    let reached: number;
    try {
      await issue(first.url, '070761-4285');
      // A few real seconds: more than an hour of business time.
      reached = await until(
        () => businessTimeOf(first.url),
        (time) => time > Date.parse(REHEARSAL.CLOCK_START) + 3_600_000,
        30_000,
      );
      await issue(first.url, '110168-2130');
    } finally {
      await stopProcess(first.child, 'SIGKILL');
    }
    const again = await startService(dataDir, REHEARSAL);
    try {
      expect(await businessTimeOf(again.url)).toBeGreaterThanOrEqual(reached);
      await issue(again.url, '240289-1237');
    } finally {
      await stopProcess(again.child, 'SIGTERM');
    }
    const times = occurredAtInOrder(dataDir);
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }, 180_000);

  it('a CLOCK_START before what the folder reached is refused in one line; CLOCK_REWIND=allow goes back', async () => {
    const earlier = { ...REHEARSAL, CLOCK_START: '2021-09-01T08:00:00+02:00' };
    const refused = await startService(dataDir, earlier).then(
      async (service) => {
        await stopProcess(service.child, 'SIGTERM');
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(refused).toMatch(
      /^service exited: overgang failed to start: business time in this data folder has reached 2021-10-\d\dT[\d:.]+Z; CLOCK_START 2021-09-01T06:00:00\.000Z is before it, so events would be recorded before those already there\. .*CLOCK_REWIND=allow[^\n]*\n?$/,
    );
    const rewound = await startService(dataDir, { ...earlier, CLOCK_REWIND: 'allow' });
    try {
      expect(await businessTimeOf(rewound.url)).toBeLessThan(Date.parse('2021-09-02T00:00:00Z'));
    } finally {
      await stopProcess(rewound.child, 'SIGTERM');
    }
  }, 120_000);
});
