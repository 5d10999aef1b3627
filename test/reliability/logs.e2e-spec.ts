import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectionEngine } from '../../src/projection-engine/projection-engine';
import { linesWithCprNumbers } from '../support/debug-logs';
import { startService, stopProcess } from '../support/service-process';
import { startApp } from '../support/test-app';
import { until } from '../support/until';
import { LONG } from './reliability';

const REFUSALS = LONG ? 100_000 : 30_000;
/** What the heap may grow by over the refusals, after a full collection: before, every refusal kept 0.27 kB. */
const HEAP_ALLOWANCE_BYTES = 3 * 2 ** 20;
const HEAP_PROBE = join(__dirname, '..', 'support', 'heap-probe.js');

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { level: number; msg: string; context?: string; reqId?: string });

/**
 * The service as `npm start` runs it writes every line of its own to the log once it has started (Nest's
 * lines were kept in memory until then, and after), and keeps nothing per request in memory.
 */
describe('reliability: the log of a running service', () => {
  let dataDir: string;
  let logFile: string;
  let heapFile: string;
  let service: Awaited<ReturnType<typeof startService>>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'overgang-logs-'));
    logFile = join(dataDir, 'service.log');
    heapFile = join(dataDir, 'heap');
    // No CPR keys: a first start generates development keys, and says so.
    service = await startService(dataDir, {
      CPR_HASH_KEY: '',
      CPR_ENCRYPTION_KEYS: '',
      LOG_LEVEL: 'debug',
      LOG_FILE: logFile,
      HEAP_PROBE_FILE: heapFile,
      NODE_OPTIONS: `--require ${HEAP_PROBE}`,
      RATE_LIMIT_PER_MINUTE: '100000000',
    });
  }, 90_000);
  afterAll(async () => {
    await stopProcess(service.child, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  /** The heap in use after a full collection, from the probe preloaded into the service. */
  const heapAfterCollection = async () => {
    rmSync(heapFile, { force: true });
    service.child.kill('SIGWINCH');
    await until(
      async () => existsSync(heapFile) && readFileSync(heapFile, 'utf8') !== '',
      (written) => written,
      10_000,
    );
    return Number(readFileSync(heapFile, 'utf8'));
  };
  /** `amount` requests without a token over 16 kept-alive connections; how many were refused with 401. */
  const refuse = async (amount: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    let sent = 0;
    let refused = 0;
    const one = () =>
      new Promise<number>((resolve, reject) =>
        get(`${service.url}/api/v1/campaigns`, { agent }, (response) => response.resume().on('end', () => resolve(response.statusCode ?? 0))).on(
          'error',
          reject,
        ),
      );
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < amount) {
          sent++;
          if ((await one()) === 401) refused++;
        }
      }),
    );
    agent.destroy();
    return refused;
  };

  it("writes the first start's warning about development keys, and its own start, to the log", () => {
    const logged = lines(logFile);
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 40, context: 'PersonalData', msg: expect.stringMatching(/^generated development CPR keys in .*dev-secrets\.json/) }),
    );
    expect(logged).toContainEqual(expect.objectContaining({ level: 30, context: 'Overgang', msg: expect.stringMatching(/^the pages and the API are at /) }));
  });

  it(`writes each of ${REFUSALS} refusals at debug and keeps none of them in memory`, async () => {
    await refuse(5_000);
    const before = await heapAfterCollection();
    expect(await refuse(REFUSALS)).toBe(REFUSALS);
    const after = await heapAfterCollection();
    console.log(`heap after a full collection: ${(before / 2 ** 20).toFixed(1)} MB before ${REFUSALS} refusals, ${(after / 2 ** 20).toFixed(1)} MB after`);
    expect(after - before).toBeLessThan(HEAP_ALLOWANCE_BYTES);
    const refusals = await until(
      async () => lines(logFile).filter((line) => line.level === 20 && line.msg === 'request refused').length,
      (count) => count >= REFUSALS + 5_000,
      10_000,
    );
    expect(refusals).toBe(REFUSALS + 5_000);
    expect(linesWithCprNumbers(readFileSync(logFile, 'utf8'))).toEqual([]);
  }, 240_000);
});

describe('reliability: an unhandled error', () => {
  it('answers 500 without detail and writes exactly one error line, naming the request, without a CPR number', async () => {
    const t = await startApp();
    try {
      jest.spyOn(t.app.get(ProjectionEngine), 'status').mockRejectedValue(new TypeError('the read model of 070761-4285 is not what it should be'));
      const response = await t.as('agency').get('/api/v1/progress').expect(500);
      expect(response.body).toEqual({
        type: 'about:blank',
        title: 'Internal error',
        status: 500,
        detail: 'an unexpected error occurred; it has been logged',
        instance: expect.any(String),
      });
      const requestId = response.headers['x-request-id'];
      const logged = await until(
        // The suite's debug log, as the global setup named it for every worker.
        async () => lines(process.env.LOG_FILE!).filter((line) => JSON.stringify(line).includes(requestId)),
        (found) => found.some((line) => line.msg === 'request completed'),
        10_000,
      );
      const errors = logged.filter((line) => line.level >= 50);
      expect(errors).toEqual([expect.objectContaining({ context: 'ProblemDetails', reqId: requestId, msg: 'unhandled error' })]);
      expect(linesWithCprNumbers(JSON.stringify(errors))).toEqual([]);
    } finally {
      await t.close();
    }
  }, 60_000);
});
