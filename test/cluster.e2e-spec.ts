import { ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePopulation, registerHeader, registerLine } from '../src/population/population-generator';
import { issueNemIdBody } from './support/requests';
import { COMPILED, ROOT, freePort, startService, stopProcess } from './support/service-process';
import { TEST_KEYS, syntheticCpr } from './support/population';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';
import { until } from './support/until';

/**
 * WEB_CONCURRENCY=2: two processes serve one data folder. Every request here goes on a connection of its own, so
 * Node's cluster hands them to the processes in turn and both take commands, reads and uploads.
 */
/** The parts of the answers these tests read: health, progress, an import. */
interface Body {
  total?: number;
  status?: string;
  importId?: string;
  detail?: string;
  details?: { processes?: { answeredBy?: number; slots?: Slot[] } };
}

interface Answer {
  status: number;
  body: Body;
  text: string;
}

function call(url: string, method: string, path: string, options: { token?: string; body?: string | object; type?: string } = {}): Promise<Answer> {
  const body = typeof options.body === 'object' ? JSON.stringify(options.body) : options.body;
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body !== undefined ? { 'content-type': options.type ?? 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          let parsed: Body = {};
          try {
            parsed = JSON.parse(text) as Body;
          } catch {
            // Not JSON (the metrics): the text is there.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed, text });
        });
      },
    );
    request.on('error', reject);
    // A connection left hanging fails the test here, with what it was, rather than at the test's timeout.
    request.setTimeout(15_000, () => request.destroy(new Error(`${method} ${path}: no answer within 15 s`)));
    request.end(body);
  });
}

interface Slot {
  slot: number;
  role: string;
  state: string;
  restarts: number;
  report?: { pid: number };
}

const slotsOf = (health: Answer): Slot[] => health.body?.details?.processes?.slots ?? [];
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const POPULATION = [...generatePopulation({ citizens: 1200, seed: 47, asOf: '2021-08-01' })];
const registerOf = (records: typeof POPULATION) => [registerHeader('csv'), ...records.map((record) => registerLine(record, 'csv'))].join('\n') + '\n';

describe('two processes serve one data folder (WEB_CONCURRENCY=2)', () => {
  let dataDir: string;
  let service: { child: ChildProcess; url: string; output: () => string };
  let desk: string;
  let agency: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'overgang-cluster-'));
    service = await startService(dataDir, { WEB_CONCURRENCY: '2', LOG_FILE: join(dataDir, 'service.log') });
    desk = await tokenFor('citizen-service', TEST_SUBJECTS['citizen-service']);
    agency = await tokenFor('agency', TEST_SUBJECTS.agency);
  }, 90_000);

  afterAll(async () => {
    if (service) await stopProcess(service.child, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const health = () => call(service.url, 'GET', '/health');
  const progress = () => call(service.url, 'GET', '/api/v1/progress', { token: agency });
  const running = async () => {
    const answer = await until(health, (h) => h.status === 200 && slotsOf(h).every((slot) => slot.state === 'running'), 60_000);
    expect(answer.status).toBe(200);
    return slotsOf(answer);
  };
  const issue = (i: number) => call(service.url, 'POST', '/api/v1/citizens', { token: desk, body: issueNemIdBody({ cpr: syntheticCpr(i) }) });

  /** Which processes have answered a route with a status so far, from /metrics. */
  const answeredOn = async (route: string, status: number) => {
    const metrics = (await call(service.url, 'GET', '/metrics')).text;
    const pattern = new RegExp(`overgang_http_requests_total\\{[^}]*route="${route}",status="${status}",process="(\\d)"\\} (\\d+)`, 'g');
    return [...metrics.matchAll(pattern)].map((match) => match[1]).sort();
  };
  /** The kernel gives each new connection to a process that is waiting for one: asked often enough, both answer. */
  const untilBothAnswered = async (ask: () => Promise<unknown>, route: string, status: number) => {
    for (let i = 0; i < 60 && (await answeredOn(route, status)).length < 2; i++) await ask();
    return answeredOn(route, status);
  };

  it('serves from a leader and a follower; /health lists each, and /metrics covers each', async () => {
    const slots = await running();
    expect(slots.map(({ slot, role }) => ({ slot, role }))).toEqual([
      { slot: 0, role: 'leader' },
      { slot: 1, role: 'follower' },
    ]);
    expect(new Set(slots.map((slot) => slot.report!.pid)).size).toBe(2);
    const answeredBy = new Set<number>();
    for (let i = 0; i < 60 && answeredBy.size < 2; i++) answeredBy.add((await health()).body.details?.processes?.answeredBy ?? -1);
    expect([...answeredBy].sort()).toEqual([0, 1]);
    expect(await untilBothAnswered(health, '/health', 200)).toEqual(['0', '1']);
  }, 60_000);

  it('takes commands on both processes; the leader folds them all into the read models', async () => {
    const before = (await progress()).body.total as number;
    let issued = 0;
    const issueNext = async () => expect((await issue(issued++)).status).toBe(201);
    for (let i = 0; i < 4; i++) await issueNext();
    expect(await untilBothAnswered(issueNext, '/api/v1/citizens', 201)).toEqual(['0', '1']);
    const after = await until(progress, (answer) => answer.body?.total === before + issued, 20_000);
    expect(after.body.total).toBe(before + issued);
  }, 90_000);

  it('imports an upload whichever process took it: the leader runs the import', async () => {
    const before = (await progress()).body.total as number;
    const accepted: Answer[] = [];
    const uploadNext = async () => {
      const rows = POPULATION.slice(accepted.length * 20, accepted.length * 20 + 20);
      const answer = await call(service.url, 'POST', '/api/v1/population/imports', { token: agency, body: registerOf(rows), type: 'text/csv' });
      expect(answer.status).toBe(202);
      accepted.push(answer);
    };
    await uploadNext();
    expect(await untilBothAnswered(uploadNext, '/api/v1/population/imports', 202)).toEqual(['0', '1']);
    for (const answer of accepted) {
      const done = await until(
        () => call(service.url, 'GET', `/api/v1/population/imports/${answer.body.importId}`, { token: agency }),
        (view) => view.body?.status === 'completed',
        60_000,
      );
      expect(done.body).toMatchObject({ status: 'completed', rows: { imported: 20 } });
    }
    const total = before + accepted.length * 20;
    expect((await until(progress, (answer) => answer.body?.total === total, 30_000)).body.total).toBe(total);
  }, 180_000);

  it('replaces a process that dies, the same role, while the other serves on', async () => {
    const [leader, follower] = await running();
    process.kill(follower.report!.pid, 'SIGKILL');
    // Meanwhile every request is answered, by the leader.
    const answers = await Promise.all(Array.from({ length: 10 }, () => health()));
    expect(answers.map((answer) => answer.status)).not.toContain(0);
    const replaced = await until(
      async () => slotsOf(await health()),
      (slots) => slots[1]?.state === 'running' && slots[1].report!.pid !== follower.report!.pid,
      60_000,
    );
    expect(replaced[1]).toMatchObject({ role: 'follower', restarts: 1 });
    expect(replaced[0].report!.pid).toBe(leader.report!.pid);
    expect(readFileSync(join(dataDir, 'service.log'), 'utf8')).toMatch(/the follower \(process 1, pid \d+\) exited \(SIGKILL\); replacing it/);
  }, 90_000);

  it('replaces the leader; /health is down until it is back, and the read models go on from where it stopped', async () => {
    const [leader] = await running();
    const before = (await progress()).body.total as number;
    process.kill(leader.report!.pid, 'SIGKILL');
    const down = await until(health, (answer) => answer.status === 503, 10_000);
    expect(down.body.detail).toMatch(/process 0 \(leader\) is restarting/);
    // Commands go on meanwhile, on the follower.
    expect((await issue(200)).status).toBe(201);
    const slots = await until(
      async () => slotsOf(await health()),
      (found) => found[0]?.state === 'running' && found[0].report!.pid !== leader.report!.pid,
      60_000,
    );
    expect(slots[0]).toMatchObject({ role: 'leader', restarts: 1 });
    for (let i = 100; i < 104; i++) expect((await issue(i)).status).toBe(201);
    expect((await until(progress, (answer) => answer.body?.total === before + 5, 20_000)).body.total).toBe(before + 5);
  }, 90_000);

  it('stops every process on SIGTERM', async () => {
    const pids = (await running()).map((slot) => slot.report!.pid);
    await stopProcess(service.child, 'SIGTERM');
    expect(service.child.exitCode).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  }, 60_000);
});

describe('two processes that cannot start', () => {
  it('says why in one line and exits non-zero, leaving no process behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'overgang-cluster-fails-'));
    try {
      writeFileSync(join(dataDir, 'events.sqlite'), 'this is not a database, it is a text file long enough to be read as one'.repeat(100));
      const child = spawn(process.execPath, [COMPILED.main], {
        cwd: ROOT,
        env: { ...process.env, ...TEST_KEYS, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'warn', WEB_CONCURRENCY: '2' },
      });
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      const said = output.split('\n').filter((line) => line.includes('overgang failed to start'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/events\.sqlite/);
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
