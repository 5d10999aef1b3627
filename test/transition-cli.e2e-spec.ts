import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { citizenStream } from '../src/domain/citizen';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { TEST_KEYS, seedPopulation } from './support/population';
import { COMPILED } from './support/service-process';

const ROOT = join(__dirname, '..');
const CITIZENS = 400;
/** Under the default schedule (deadline 2022-06-30) the final warning and the keep-NemID notice are due the day before. */
const DAY = '2022-06-29';

describe('the transition schedule from the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'overgang-schedule-cli-'));
  const env = { ...process.env, ...TEST_KEYS, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  const args = (...rest: string[]) => [COMPILED.cli, 'schedule', ...rest];
  const cli = (...rest: string[]) => spawnSync(process.execPath, args(...rest), { cwd: ROOT, env, encoding: 'utf8' });
  const cliWith = (settings: Record<string, string>, ...rest: string[]) =>
    spawnSync(process.execPath, args(...rest), { cwd: ROOT, env: { ...env, ...settings }, encoding: 'utf8' });
  const cliAsync = (...rest: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args(...rest), { cwd: ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
  let citizenIds: string[] = [];

  beforeAll(async () => {
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    // Every 4th citizen has no Danish passport (keep-NemID); the rest get the final warning.
    citizenIds = await seedPopulation(store, join(dataDir, 'keys.sqlite'), CITIZENS, {
      exemptEvery: 10,
      partiallySightedEvery: 0,
      needsInfoUpdateEvery: 4,
    });
    await store.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }), 30_000);

  const noticesPerCitizen = async () => {
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const counts: { sent: number; delivered: number }[] = [];
    for (const citizenId of citizenIds) {
      let sent = 0;
      let delivered = 0;
      for await (const event of store.readStream(citizenStream(citizenId))) {
        if (event.type === 'NoticeSent') sent++;
        if (event.type === 'DigitalPostDelivered') delivered++;
      }
      counts.push({ sent, delivered });
    }
    await store.close();
    return counts;
  };

  it('two processes running the same day at once send each citizen one notice, delivered once', async () => {
    const [first, second] = await Promise.all([cliAsync('run', '--date', DAY), cliAsync('run', '--date', DAY)]);
    expect([first.status, second.status, first.stderr, second.stderr]).toEqual([0, 0, '', '']);
    expect(first.stdout + second.stdout).toMatch(/notice-final-warning-v1/);
    const counts = await noticesPerCitizen();
    expect(counts.every((c) => c.sent === 1 && c.delivered === 1)).toBe(true);
    const files = readdirSync(join(dataDir, 'outbox', 'digital-post')).length + readdirSync(join(dataDir, 'outbox', 'paper')).length;
    expect(files).toBe(CITIZENS);
  }, 120_000);

  it('running the day again starts nothing and sends nothing, even with another notice rate configured', async () => {
    const again = cliWith({ NOTICE_RATE_PER_SECOND: '5000' }, 'run', '--date', DAY);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/│ before +│/);
    expect(again.stdout).not.toMatch(/│ now +│/);
    expect((await noticesPerCitizen()).every((c) => c.sent === 1 && c.delivered === 1)).toBe(true);
  }, 60_000);

  it('show, set and nothing due on an ordinary day', () => {
    expect(cli('set', '--reminders', '45,14').status).toBe(0);
    const shown = cli('show');
    expect(shown.stdout).toMatch(/reminders 45\/14 days before/);
    expect(shown.stdout).toMatch(/notice-reminder-45d-v1/);
    expect(cli('run', '--date', '2022-08-15').stdout).toMatch(/nothing is due on 2022-08-15/);
  }, 60_000);

  it('a wrong setting stops a day run with one line, no stack trace', () => {
    const result = cliWith({ NOTICE_RATE_PER_SECOND: 'fast' }, 'run', '--date', DAY);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^overgang: invalid configuration: NOTICE_RATE_PER_SECOND/)]);
  }, 30_000);

  it.each([
    [['run', '--date', '2022-02-30'], /--date.*must be a calendar date/],
    [['run', '--date', '2022-06-29', '--bad-setting'], /unknown option/],
    [['set', '--reminders', '60,x'], /--reminders.*whole number from 1 to 365/],
    [['set', '--deadline', '2022-10-31'], /move it with a reason/],
    [['move-deadline', '--to', '2023-12-01', '--reason', 'late'], /has passed|before the end of public self-service/],
  ])(
    '%j fails in one line with exit code 2',
    (rest, message) => {
      const result = cli(...rest);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    },
    30_000,
  );
});
