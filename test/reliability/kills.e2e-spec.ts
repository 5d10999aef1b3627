import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { citizenStream } from '../../src/domain/citizen';
import { testEvent } from '../support/events';
import { TEST_KEYS, seedPopulation } from '../support/population';
import { COMPILED, ROOT, startService, stopProcess } from '../support/service-process';
import { TEST_SUBJECTS, tokenFor } from '../support/tokens';
import { until } from '../support/until';
import { LONG, SEED, seededRandom } from './reliability';

/**
 * SIGKILL at seeded moments during the work that must happen exactly once: after each restart nothing
 * acknowledged is lost, no letter is doubled or missing, and the read models equal a fresh rebuild.
 */
const ROUNDS = LONG ? 10 : 2;
const CITIZENS = LONG ? 20_000 : 3_000;
const random = seededRandom(SEED);
/** When to kill: a seeded moment while the work runs (this is the experiment, not a wait for a result). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const filesIn = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((file) => !file.startsWith('.')) : []);
const cliArgs = (...args: string[]) => [COMPILED.cli, ...args];

async function seededDataDir(prefix: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  // Every 4th citizen must update their info and has no Danish passport; every 10th gets paper.
  await seedPopulation(store, join(dataDir, 'keys.sqlite'), CITIZENS, {
    exemptEvery: 10,
    partiallySightedEvery: 0,
    needsInfoUpdateEvery: 4,
  });
  await store.close();
  return dataDir;
}

/** How many events of a type each citizen stream holds, for the streams that hold any. */
function perStream(dataDir: string, type: string): number[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db
      .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM events WHERE type = ? GROUP BY stream_id')
      .all(type)
      .map((row) => row.n);
  } finally {
    db.close();
  }
}

/** Every read-model row and count, as stored: what a fresh rebuild from the same events must reproduce. */
function readModelRows(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\' ORDER BY name")
      .all();
    // A count left at zero where rows moved on is no count at all: a fresh rebuild writes none.
    const rows = (name: string) =>
      db
        .prepare<[], Record<string, unknown>>(`SELECT * FROM "${name}"`)
        .all()
        .filter((row) => row._rows !== 0)
        .map((row) => JSON.stringify(row))
        .sort();
    return Object.fromEntries(tables.map(({ name }) => [name, rows(name)]));
  } finally {
    db.close();
  }
}

function freshRebuildOf(dataDir: string): Record<string, unknown[]> {
  const fresh = mkdtempSync(join(tmpdir(), 'overgang-fresh-'));
  try {
    copyFileSync(join(dataDir, 'events.sqlite'), join(fresh, 'events.sqlite'));
    const rebuild = spawnSync(process.execPath, cliArgs('projections', 'rebuild'), {
      cwd: ROOT,
      env: { ...process.env, ...TEST_KEYS, DATA_DIR: fresh, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    expect(rebuild.status).toBe(0);
    return readModelRows(fresh);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** The seeded holders, each with their NemID retired at the shutdown: all due under the retention rule five years on. */
async function retiredDataDir(prefix: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  const ids = await seedPopulation(store, join(dataDir, 'keys.sqlite'), CITIZENS, { exemptEvery: 10, partiallySightedEvery: 0, needsInfoUpdateEvery: 4 });
  await Promise.all(
    ids.map((id) =>
      store.append(citizenStream(id), [testEvent('NemIdRetired', { retiredOn: '2023-10-31', reason: 'nemid-shutdown' })], { expectedRevision: 0n }),
    ),
  );
  await store.close();
  return dataDir;
}

const keysLeft = (dataDir: string) => {
  const db = new Database(join(dataDir, 'keys.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM citizen_keys').pluck().get();
  } finally {
    db.close();
  }
};

describe('reliability: SIGKILL at seeded moments', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })), 30_000);

  it(
    `a letter campaign killed ${ROUNDS} times: one letter, one delivery and one file per citizen; read models equal a fresh rebuild`,
    async () => {
      const dataDir = await seededDataDir('overgang-kills-campaign-');
      dirs.push(dataDir);
      const agency = { authorization: `Bearer ${await tokenFor('agency', TEST_SUBJECTS.agency)}`, 'content-type': 'application/json' };
      const targeted = CITIZENS / 4;
      let service = await startService(dataDir);
      const started = await fetch(`${service.url}/api/v1/campaigns`, {
        method: 'POST',
        headers: agency,
        body: JSON.stringify({ campaignId: 'killed', kind: 'update-info-letter', ratePerSecond: 400 }),
      });
      expect(started.status).toBe(201);
      for (let round = 0; round < ROUNDS; round++) {
        await pause(200 + random() * 1500);
        await stopProcess(service.child, 'SIGKILL');
        service = await startService(dataDir);
      }
      try {
        const progress = await until(
          async () => (await (await fetch(`${service.url}/api/v1/campaigns/killed`, { headers: agency })).json()) as Record<string, unknown>,
          (view) => view.status === 'completed' && view.delivered === targeted,
          120_000,
        );
        expect(progress).toMatchObject({ status: 'completed', targeted, sent: targeted, delivered: targeted, failed: 0 });
      } finally {
        await stopProcess(service.child, 'SIGTERM');
      }
      for (const type of ['UpdateInfoLetterSent', 'DigitalPostDelivered']) {
        const counts = perStream(dataDir, type);
        expect({ type, citizens: counts.length, notOnce: counts.filter((n) => n !== 1).length }).toEqual({ type, citizens: targeted, notOnce: 0 });
      }
      expect(filesIn(join(dataDir, 'outbox', 'digital-post')).length + filesIn(join(dataDir, 'outbox', 'paper')).length).toBe(targeted);
      expect(readModelRows(dataDir)).toEqual(freshRebuildOf(dataDir));
    },
    LONG ? 900_000 : 240_000,
  );

  it(
    `a scheduler day killed ${ROUNDS} times: every citizen gets its notice once, delivered once`,
    async () => {
      const dataDir = await seededDataDir('overgang-kills-day-');
      dirs.push(dataDir);
      // Under the default schedule (deadline 2022-06-30) the final warning and the keep-NemID notice are due the day before.
      const env = { ...process.env, ...TEST_KEYS, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NOTICE_RATE_PER_SECOND: '1000' };
      const runDay = () => spawn(process.execPath, cliArgs('schedule', 'run', '--date', '2022-06-29'), { cwd: ROOT, env });
      for (let round = 0; round < ROUNDS; round++) {
        const child: ChildProcess = runDay();
        await pause(1500 + random() * 2500);
        await stopProcess(child, 'SIGKILL');
      }
      const last = spawnSync(process.execPath, cliArgs('schedule', 'run', '--date', '2022-06-29'), { cwd: ROOT, env, encoding: 'utf8' });
      expect({ status: last.status, stderr: last.stderr }).toEqual({ status: 0, stderr: '' });
      for (const type of ['NoticeSent', 'DigitalPostDelivered']) {
        const counts = perStream(dataDir, type);
        expect({ type, citizens: counts.length, notOnce: counts.filter((n) => n !== 1).length }).toEqual({ type, citizens: CITIZENS, notOnce: 0 });
      }
      expect(filesIn(join(dataDir, 'outbox', 'digital-post')).length + filesIn(join(dataDir, 'outbox', 'paper')).length).toBe(CITIZENS);
    },
    LONG ? 900_000 : 240_000,
  );

  it(
    `a retention run killed ${ROUNDS} times in its batches: every holder forgotten once, every key gone, one run`,
    async () => {
      const dataDir = await retiredDataDir('overgang-kills-retention-');
      dirs.push(dataDir);
      const env = { ...process.env, ...TEST_KEYS, DATA_DIR: dataDir, LOG_LEVEL: 'silent', CLOCK_START: '2028-12-01T10:00:00+01:00' };
      const run = () => spawn(process.execPath, cliArgs('retention', 'run', '--as-of', '2028-12-01'), { cwd: ROOT, env });
      const erased = () => perStream(dataDir, 'CitizenForgotten').length;
      for (let round = 0; round < ROUNDS; round++) {
        // Killed in the middle of its batches: once it has forgotten some more, at a seeded moment after that.
        const before = erased();
        const child = run();
        await until(
          async () => erased(),
          (n) => n > before,
          60_000,
        );
        await pause(random() * 100);
        await stopProcess(child, 'SIGKILL');
      }
      expect(erased()).toBeLessThan(CITIZENS);
      const last = spawnSync(process.execPath, cliArgs('retention', 'run', '--as-of', '2028-12-01'), { cwd: ROOT, env, encoding: 'utf8' });
      expect({ status: last.status, stdout: last.stdout }).toEqual({
        status: 0,
        stdout: expect.stringMatching(/^retention run [a-z]+ as of 2028-12-01: \d+ holders forgotten/),
      });
      const forgotten = perStream(dataDir, 'CitizenForgotten');
      expect({ citizens: forgotten.length, notOnce: forgotten.filter((n) => n !== 1).length }).toEqual({ citizens: CITIZENS, notOnce: 0 });
      expect(keysLeft(dataDir)).toBe(0);
      expect({ started: perStream(dataDir, 'RetentionRunStarted'), finished: perStream(dataDir, 'RetentionRunFinished') }).toEqual({
        started: [1],
        finished: [1],
      });
    },
    LONG ? 900_000 : 240_000,
  );

  it(
    `a projection rebuild killed ${ROUNDS} times, then run to the end, equals a fresh rebuild`,
    async () => {
      const dataDir = await seededDataDir('overgang-kills-rebuild-');
      dirs.push(dataDir);
      const env = { ...process.env, ...TEST_KEYS, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      for (let round = 0; round < ROUNDS; round++) {
        const child = spawn(process.execPath, cliArgs('projections', 'rebuild', '--batch-size', '200'), { cwd: ROOT, env });
        await pause(1500 + random() * 2000);
        await stopProcess(child, 'SIGKILL');
      }
      mkdirSync(join(dataDir, 'outbox'), { recursive: true });
      const service = await startService(dataDir);
      const agency = { authorization: `Bearer ${await tokenFor('agency', TEST_SUBJECTS.agency)}` };
      try {
        // The service resumes each read model from its checkpoint: its progress counts every citizen.
        const total = await until(
          async () => ((await (await fetch(`${service.url}/api/v1/progress`, { headers: agency })).json()) as { total?: number }).total ?? 0,
          (n) => n === CITIZENS,
          60_000,
        );
        expect(total).toBe(CITIZENS);
      } finally {
        await stopProcess(service.child, 'SIGTERM');
      }
      expect(readModelRows(dataDir)).toEqual(freshRebuildOf(dataDir));
    },
    LONG ? 900_000 : 240_000,
  );
});
