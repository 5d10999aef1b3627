import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePopulation, registerHeader, registerLine } from '../../src/population/population-generator';
import { TEST_SUBJECTS, tokenFor } from '../support/tokens';
import { OPENING_REASON, TWO_NON_PHOTO_IDS, issueNemIdBody } from '../support/requests';
import { startService, stopProcess } from '../support/service-process';
import { until } from '../support/until';
import { LONG } from './reliability';

/** A data folder of its own size: a tmpfs, which only root may mount. The question is asked once, as the suite is registered. */
function tmpfsMountable(): { ok: true } | { ok: false; reason: string } {
  const probe = mkdtempSync(join(tmpdir(), 'overgang-tmpfs-probe-'));
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { encoding: 'utf8' });
    if (mounted.status !== 0) return { ok: false, reason: (mounted.stderr || String(mounted.error ?? `exit ${mounted.status}`)).trim() };
    spawnSync('umount', [probe]);
    return { ok: true };
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const tmpfs = tmpfsMountable();
const NAME = 'reliability: a full data disk is said plainly, and the service goes on by itself once there is room';
if (!tmpfs.ok) process.stdout.write(`\nSKIPPED "${NAME}": a tmpfs cannot be mounted here (${tmpfs.reason}); it needs root\n`);

const REGISTER_ROWS = LONG ? 60_000 : 25_000;
const DISK_MIB = LONG ? 512 : 256;

/** Fills the disk under `dir` to the last byte, in a file of its own. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const chunk of [2 ** 20, 4096, 512]) {
      const bytes = Buffer.alloc(chunk);
      try {
        for (;;) writeSync(fd, bytes);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const send = (agent: Agent, url: string, method: string, headers: Record<string, string>, body?: Buffer | string) =>
  new Promise<Answer>((resolve, reject) => {
    const call = request(url, { method, headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    call.setTimeout(15_000, () => call.destroy(new Error('no answer')));
    call.on('error', reject);
    call.end(body);
  });

/** Per citizen stream, how many events of a type it holds. */
function perStream(dataDir: string, type: string): number[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM events WHERE type = ? GROUP BY stream_id').pluck().all(type) as number[];
  } finally {
    db.close();
  }
}

(tmpfs.ok ? describe : describe.skip)(NAME, () => {
  let dataDir: string;
  let service: Awaited<ReturnType<typeof startService>>;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const auth = async (role: 'agency' | 'citizen-service' | 'support') => ({ authorization: `Bearer ${await tokenFor(role, TEST_SUBJECTS[role])}` });
  const json = { 'content-type': 'application/json' };
  const register = (seed: number, rows: number) =>
    [registerHeader('csv'), ...[...generatePopulation({ citizens: rows, seed, asOf: '2021-08-01' })].map((record) => registerLine(record, 'csv'))].join('\n') +
    '\n';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'overgang-disk-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MIB}m`, 'tmpfs', dataDir], { encoding: 'utf8' });
    if (mounted.status !== 0) throw new Error(`mount failed: ${mounted.stderr}`);
    mkdirSync(join(dataDir, 'data'));
    service = await startService(join(dataDir, 'data'), { RATE_LIMIT_PER_MINUTE: '1000000' });
  }, 120_000);
  afterAll(async () => {
    agent.destroy();
    if (service) await stopProcess(service.child, 'SIGTERM');
    spawnSync('umount', ['-l', dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('refuses desk work, openings and uploads with 507 while full, waits in the import and the campaign, and goes on by itself', async () => {
    const data = join(dataDir, 'data');
    const agency = { ...(await auth('agency')), ...json };
    const desk = { ...(await auth('citizen-service')), ...json };
    const supportJson = { ...(await auth('support')), ...json };
    const opening = JSON.stringify({ reason: OPENING_REASON });

    // Holders to write letters to, then a campaign slow enough to be under way when the disk fills.
    const seeded = await send(agent, `${service.url}/api/v1/population/imports`, 'POST', { ...agency, 'content-type': 'text/csv' }, register(11, 2_000));
    expect(seeded.status).toBe(202);
    const seededAt = seeded.headers.location as string;
    await until(
      async () => JSON.parse((await send(agent, `${service.url}${seededAt}`, 'GET', agency)).body).status,
      (status) => status === 'completed',
      60_000,
    );
    const issuedBefore = await send(
      agent,
      `${service.url}/api/v1/citizens`,
      'POST',
      desk,
      JSON.stringify(issueNemIdBody({ cpr: '070761-4285', documents: TWO_NON_PHOTO_IDS })),
    );
    expect(issuedBefore.status).toBe(201);
    const citizenId = JSON.parse(issuedBefore.body).citizenId as string;
    expect(
      (
        await send(
          agent,
          `${service.url}/api/v1/campaigns`,
          'POST',
          agency,
          JSON.stringify({ campaignId: 'disk-full', kind: 'update-info-letter', ratePerSecond: 40 }),
        )
      ).status,
    ).toBe(201);

    // An import under way when the disk fills.
    const upload = await send(
      agent,
      `${service.url}/api/v1/population/imports`,
      'POST',
      { ...agency, 'content-type': 'text/csv' },
      register(12, REGISTER_ROWS),
    );
    expect(upload.status).toBe(202);
    const importAt = upload.headers.location as string;
    const filler = fill(dataDir);

    const imported = await until(
      async () => JSON.parse((await send(agent, `${service.url}${importAt}`, 'GET', agency)).body),
      (view) => view.waiting === 'disk-full' || view.status === 'completed',
      60_000,
    );
    expect(imported).toMatchObject({ status: 'running', waiting: 'disk-full' });

    // Desk work: 507, said plainly, with when to try again. SQLite may still fit a few commits into the room its
    // write-ahead log already has: each of those is answered 201, and must be there at the end.
    const acknowledged: string[] = [];
    let refused: Answer | undefined;
    for (const record of generatePopulation({ citizens: 500, seed: 14, asOf: '2021-08-01' })) {
      const answer = await send(agent, `${service.url}/api/v1/citizens`, 'POST', desk, JSON.stringify(issueNemIdBody({ cpr: record.cpr })));
      // Someone the registers above brought in already (populations of other seeds can share a number).
      if (answer.status === 409) continue;
      if (answer.status !== 201) {
        refused = answer;
        break;
      }
      acknowledged.push(JSON.parse(answer.body).citizenId);
    }
    if (!refused) throw new Error(`500 desk commands were all accepted on a full disk`);
    expect(refused.status).toBe(507);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('60');
    expect(JSON.parse(refused.body)).toMatchObject({
      type: 'urn:overgang:problem:disk-full',
      status: 507,
      detail: 'the data disk is full: nothing was recorded; try again later',
    });

    // An opening that cannot be recorded shows nothing, and says why.
    let opened = await send(agent, `${service.url}/api/v1/citizens/${citizenId}/openings`, 'POST', supportJson, opening);
    for (let attempt = 0; opened.status === 200 && attempt < 200; attempt++)
      opened = await send(agent, `${service.url}/api/v1/citizens/${citizenId}/openings`, 'POST', supportJson, opening);
    expect(opened.status).toBe(507);
    expect(JSON.parse(opened.body).detail).toBe('the data disk is full: this opening could not be recorded, so the record is not shown; try again later');
    expect(opened.body).not.toContain('nemid-active');

    // A new upload is refused whole, and the connection after it still answers.
    const uploadWhileFull = await send(
      agent,
      `${service.url}/api/v1/population/imports`,
      'POST',
      { ...agency, 'content-type': 'text/csv' },
      register(13, 3_000),
    );
    expect([uploadWhileFull.status, JSON.parse(uploadWhileFull.body).type]).toEqual([507, 'urn:overgang:problem:disk-full']);

    // /health and /metrics say it.
    const health = await send(agent, `${service.url}/health`, 'GET', {});
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body).detail).toMatch(/dataDisk \(the data disk is full \(0\.\d MiB free\)\)/);
    expect((await send(agent, `${service.url}/metrics`, 'GET', {})).body).toMatch(/^overgang_data_disk_writable(\{process="\d+"\})? 0$/m);

    // Letters the outbox had no room for wait: none is recorded as failed.
    const campaignWhileFull = JSON.parse((await send(agent, `${service.url}/api/v1/campaigns/disk-full`, 'GET', agency)).body);
    expect(campaignWhileFull).toMatchObject({ failed: 0 });

    // Room again: everything goes on by itself, with no restart.
    rmSync(filler);
    await until(
      async () => (await send(agent, `${service.url}/health`, 'GET', {})).status,
      (status) => status === 200,
      30_000,
    );
    expect((await send(agent, `${service.url}/api/v1/citizens`, 'POST', desk, JSON.stringify(issueNemIdBody({ cpr: '110168-2130' })))).status).toBe(201);
    expect((await send(agent, `${service.url}/api/v1/citizens/${citizenId}/openings`, 'POST', supportJson, opening)).status).toBe(200);
    const done = await until(
      async () => JSON.parse((await send(agent, `${service.url}${importAt}`, 'GET', agency)).body),
      (view) => view.status === 'completed',
      180_000,
    );
    expect(done.rows.read).toBe(REGISTER_ROWS);
    expect(done.rows.imported + done.rows.alreadyPresent + done.rows.rejected).toBe(REGISTER_ROWS);
    const campaign = await until(
      async () => JSON.parse((await send(agent, `${service.url}/api/v1/campaigns/disk-full`, 'GET', agency)).body),
      (view) => view.status === 'completed' && view.delivered === view.sent,
      180_000,
    );
    expect(campaign).toMatchObject({ failed: 0, sent: campaign.targeted, delivered: campaign.targeted });

    // Every desk command answered 201 while the disk filled is there.
    for (const id of acknowledged)
      expect({ id, status: (await send(agent, `${service.url}/api/v1/citizens/${id}/openings`, 'POST', supportJson, opening)).status }).toEqual({
        id,
        status: 200,
      });

    // Nothing doubled, nothing missing: one letter and one delivery per citizen, one file per letter.
    for (const type of ['UpdateInfoLetterSent', 'DigitalPostDelivered']) {
      const counts = perStream(data, type);
      expect({ type, citizens: counts.length, notOnce: counts.filter((n) => n !== 1).length }).toEqual({ type, citizens: campaign.targeted, notOnce: 0 });
    }
    const files = ['digital-post', 'paper'].reduce(
      (sum, folder) => sum + readdirSync(join(data, 'outbox', folder)).filter((file) => !file.startsWith('.')).length,
      0,
    );
    expect(files).toBe(campaign.targeted);
  }, 600_000);
});
