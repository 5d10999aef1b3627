import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { TEST_METADATA, testEvent as event } from './support/events';
import { COMPILED, ROOT, ServiceBesideItsEvents, serviceBesideItsEvents } from './support/service-process';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';
import { until } from './support/until';

jest.setTimeout(120_000);

const ISSUED = {
  protectedCpr: 'k1.x',
  issuedOn: '2021-03-01',
  identification: 'photo-id',
  identityConfirmedBy: 'security-questions',
  authenticator: 'code-card',
  profile: { needsInfoUpdate: true, danishPassport: true, digitalPostExempt: false, residesAbroad: false, addressProtected: false, visualImpairment: 'none' },
};

/** /health as the operator's monitor reads it: 200 with each check, or 503 problem+json naming what is down. */
interface Health {
  code: number;
  status?: string;
  detail?: string;
  info?: Record<string, unknown>;
}

/**
 * A poisoned event (a NoticeSent without data, which the citizen-status and campaign-progress folds reject) stalls
 * those two read models after a bounded number of tries; /health, /metrics, the CLI and the API say so; the other
 * read models go on; skipping it (once from the CLI, once over HTTP) lets each catch up, and the skip is recorded
 * with who made it.
 */
// The read models run in the service's thread by default, or in a projection thread of their own; the choices reach either through the file.
describe.each([
  ['in the service thread', {}],
  ['in the projection thread', { PROJECTIONS_THREAD: 'on' }],
])('a read model that cannot fold an event, %s', (_, settings: Record<string, string>) => {
  let running: ServiceBesideItsEvents;
  let service: ServiceBesideItsEvents['service'];
  let events: SqliteEventStore;

  beforeAll(async () => {
    // The poisoned event is a letter too: without the delivery, only the read models hold it (the delivery's own
    // dead letters are test/delivery-dead-letters.e2e-spec.ts).
    running = await serviceBesideItsEvents('overgang-stall-', { WORKERS: 'off', ...settings });
    ({ service, events } = running);
  }, 90_000);
  afterAll(() => running?.stop(), 60_000);

  const agency = async () => ({ authorization: `Bearer ${await tokenFor('agency', TEST_SUBJECTS.agency)}`, 'content-type': 'application/json' });
  const health = async (): Promise<Health> => {
    const response = await fetch(`${service.url}/health`);
    return { code: response.status, ...((await response.json()) as Omit<Health, 'code'>) };
  };
  const metric = async (name: string, projection: string) => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    // With several processes each reports it, under its `process` label: the leader's (process 0) is the one that folds.
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{projection="${projection}"}`) || l.startsWith(`${name}{projection="${projection}",process="0"}`));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [COMPILED.cli, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: running.dataDir }, encoding: 'utf8' });

  it('stalls, says so everywhere, lets the others go on, and catches up once the event is skipped', async () => {
    // Recorded some three days before the service's business time (2021-10-04): the read models they stall lag by that.
    const earlier = (type: string, data: unknown) => ({ ...event(type, data), metadata: { ...TEST_METADATA, occurredAt: '2021-10-01T08:00:00.000Z' } });
    const poisoned = `citizen-${randomUUID()}`;
    await events.append(poisoned, [earlier('NemIdIssued', ISSUED)]);
    await events.append(poisoned, [earlier('NoticeSent', null)]);
    const later = `citizen-${randomUUID()}`;
    await events.append(later, [earlier('NemIdIssued', { ...ISSUED, issuedOn: '2021-03-02' })]);

    const stalled = await until(health, (h) => (h.detail?.match(/stalled at/g) ?? []).length === 2, 60_000);
    expect(stalled.code).toBe(503);
    expect(stalled.detail).toMatch(
      /projections \(campaign-progress stalled at position \d+ on NoticeSent: TypeError: .+; citizen-status stalled at position \d+ on NoticeSent: TypeError/,
    );
    expect(await metric('overgang_projection_stalled', 'citizen-status')).toBe(1);
    expect(await metric('overgang_projection_stalled', 'migration-progress')).toBe(0);
    expect(await metric('overgang_projection_fold_failures', 'citizen-status')).toBeGreaterThanOrEqual(5);
    expect(await metric('overgang_projection_lag_seconds', 'citizen-status')).toBeGreaterThanOrEqual(2.5 * 86_400);
    expect(await metric('overgang_projection_lag_seconds', 'migration-progress')).toBe(0);

    // The national progress folds on: both NemIDs are counted, the one after the poisoned event too.
    const progress = await until(
      async () => (await fetch(`${service.url}/api/v1/progress`, { headers: await agency() })).json() as Promise<{ daily: { date: string; issued: number }[] }>,
      (p) => p.daily.some((d) => d.date === '2021-03-02' && d.issued === 1),
      30_000,
    );
    expect(progress.daily.find((d) => d.date === '2021-03-01')?.issued).toBe(1);

    const letters = cli(['--json', 'projections', 'dead-letters', 'citizen-status']);
    expect(letters.status).toBe(0);
    const [letter] = JSON.parse(letters.stdout) as { eventType: string; state: string; failures: number; error: string }[];
    expect(letter).toMatchObject({ eventType: 'NoticeSent', state: 'stalled' });
    expect(letter.error).toMatch(/^TypeError: /);

    const skipped = cli(['projections', 'skip', 'citizen-status', '--by', 'operator-on-duty']);
    expect([skipped.status, skipped.stderr]).toEqual([0, '']);
    const notStalled = cli(['projections', 'skip', 'citizen-status']);
    expect(notStalled.status).not.toBe(0);
    expect(notStalled.stderr.trim().split('\n')).toHaveLength(1);
    expect(notStalled.stderr).toMatch(/not stalled/);

    const viaHttp = await fetch(`${service.url}/api/v1/projections/campaign-progress/skip`, { method: 'POST', headers: await agency() });
    expect(viaHttp.status).toBe(200);
    const recovered = await until(health, (h) => h.code === 200, 30_000);
    expect([recovered.status, recovered.info?.projections]).toEqual(['ok', { status: 'up' }]);

    // Caught up past the skipped event: the citizen after it is in the list.
    const citizen = later.slice('citizen-'.length);
    const row = await until(
      async () => (await fetch(`${service.url}/api/v1/citizens?limit=50`, { headers: await agency() })).json() as Promise<{ items: { citizenId: string }[] }>,
      (page) => page.items.some((item) => item.citizenId === citizen),
      30_000,
    );
    expect(row.items.map((item) => item.citizenId)).toContain(citizen);

    const recorded = (await (await fetch(`${service.url}/api/v1/projections/dead-letters`, { headers: await agency() })).json()) as {
      projection: string;
      state: string;
      decidedBy: string;
    }[];
    expect(recorded.map(({ projection, state, decidedBy }) => [projection, state, decidedBy]).sort()).toEqual([
      ['campaign-progress', 'skipped', TEST_SUBJECTS.agency],
      ['citizen-status', 'skipped', 'operator-on-duty'],
    ]);
  });

  it('names an unknown read model, and refuses a stall policy it does not know, with the field', async () => {
    const unknown = await fetch(`${service.url}/api/v1/projections/no-such/retry`, { method: 'POST', headers: await agency() });
    expect(unknown.status).toBe(404);
    const wrong = await fetch(`${service.url}/api/v1/projections/citizen-status/on-stall`, {
      method: 'PUT',
      headers: await agency(),
      body: JSON.stringify({ onStall: 'ignore' }),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['onStall']);
    const set = await fetch(`${service.url}/api/v1/projections/citizen-status/on-stall`, {
      method: 'PUT',
      headers: await agency(),
      body: JSON.stringify({ onStall: 'skip' }),
    });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { name: string; onStall: string }[]).find((p) => p.name === 'citizen-status')?.onStall).toBe('skip');
  });
});
