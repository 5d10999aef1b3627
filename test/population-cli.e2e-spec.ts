import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECTIONS } from '../projections';
import { citizenStatus } from '../projections/citizen-status';
import { migrationProgress } from '../projections/migration-progress';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from '../src/projection-engine/projection-engine';
import { ReadModelStore } from '../src/projection-engine/read-model-store';
import { TEST_KEYS } from './support/population';
import { COMPILED, ROOT, stopProcess } from './support/service-process';
import { until } from './support/until';

const HEADER = 'cpr,nemIdIssuedOn,authenticator,nsisSubstantial,passport,digitalPostExempt,residesAbroad,addressProtected,visualImpairment';
const COLUMNS = HEADER.split(',');

/** The register's business day: August 2021, before the update-info letters. */
const env = (dataDir: string) => ({
  ...process.env,
  ...TEST_KEYS,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  SQLITE_SYNCHRONOUS: 'NORMAL',
  CLOCK_START: '2021-08-02T08:00:00+02:00',
});
const cliArgs = (...args: string[]) => [COMPILED.cli, 'population', ...args];

function fresh() {
  const dataDir = mkdtempSync(join(tmpdir(), 'overgang-population-cli-'));
  const cli = (...args: string[]) => spawnSync(process.execPath, cliArgs(...args), { cwd: ROOT, env: env(dataDir), encoding: 'utf8', maxBuffer: 1 << 26 });
  const events = () => {
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      return db
        .prepare<[], { count: number; streams: number }>(
          "SELECT COUNT(*) AS count, COUNT(DISTINCT stream_id) AS streams FROM events WHERE type = 'NemIdImported'",
        )
        .get()!;
    } finally {
      db.close();
    }
  };
  return { dataDir, cli, events, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

describe('population import from the CLI', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'overgang-population-files-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }), 60_000);

  it('imports 20 000 generated holders with 1 % broken on purpose: exact counts, every reject with line, field and reason, nothing twice', async () => {
    const run = fresh();
    try {
      const generated = join(scratch, 'generated.csv');
      expect(run.cli('generate', '--citizens', '20000', '--seed', '5', '--out', generated).status).toBe(0);
      const lines = readFileSync(generated, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(HEADER);
      // Every 100th holder is broken, in turn in each of the ways the issue names; line n of the file is lines[n - 1].
      const breakages: [string, (fields: string[]) => void, string][] = [
        ['cpr', (f) => (f[0] = f[0].slice(0, 10)), 'must be 10 digits, got 9'],
        ['nemIdIssuedOn', (f) => (f[1] = '2019-02-30'), 'must be a calendar date such as 2015-06-01'],
        ['authenticator', (f) => (f[2] = 'smoke-signal'), 'must be one of code-card, code-app, key-fob'],
        ['visualImpairment', (f) => (f[8] = ''), 'is missing'],
        ['cpr', (f) => (f[0] = lines[1].split(',')[0]), 'the same CPR number is on line 2 of this file'],
      ];
      const expectedRejects: string[] = [];
      const good: string[][] = [];
      for (let n = 2; n <= lines.length; n++) {
        const fields = lines[n - 1].split(',');
        if (n % 100 === 0) {
          const [field, breakIt, reason] = breakages[(n / 100) % breakages.length];
          breakIt(fields);
          lines[n - 1] = fields.join(',');
          // CSV: a reason with a comma in it is quoted.
          expectedRejects.push(`${n},${field},${reason.includes(',') ? `"${reason}"` : reason}`);
        } else {
          good.push(fields);
        }
      }
      const file = join(scratch, 'register.csv');
      writeFileSync(file, lines.join('\n') + '\n');

      const first = run.cli('import', file);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/imported register\.csv as [a-z2-7]{20}: 20000 rows read, 19800 imported, 0 already present, 200 rejected/);
      const importId = /as ([a-z2-7]{20})/.exec(first.stdout)![1];
      const rejects = run.cli('rejects', importId);
      expect(rejects.stdout.trimEnd().split('\n')).toEqual(['line,field,reason', ...expectedRejects]);
      expect(rejects.stdout).not.toMatch(/\d{6}-?\d{4}/);
      expect(run.events()).toEqual({ count: 19_800, streams: 19_800 });

      const again = run.cli('import', file);
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(
        `register.csv was imported before as ${importId}; nothing new: 20000 rows read, 19800 imported, 0 already present, 200 rejected`,
      );
      expect(run.events()).toEqual({ count: 19_800, streams: 19_800 });

      // The read models the service keeps, folded from what was imported, agree with the file.
      const store = new SqliteEventStore({ path: join(run.dataDir, 'events.sqlite') });
      const readModels = new ReadModelStore(join(run.dataDir, 'read-models.sqlite'));
      const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
      await engine.start();
      await engine.caughtUp();
      await engine.stop();
      const citizens = readModels.of(citizenStatus);
      const count = (test: (fields: string[]) => boolean) => good.filter(test).length;
      expect(citizens.countBy('status')).toEqual({ 'nemid-active': 19_800 });
      expect(citizens.countBy('needsInfoUpdate')).toEqual({
        '1': count((f) => f[COLUMNS.indexOf('nsisSubstantial')] === 'false'),
        '0': count((f) => f[3] === 'true'),
      });
      expect(citizens.countBy('digitalPostExempt')['1']).toBe(count((f) => f[COLUMNS.indexOf('digitalPostExempt')] === 'true'));
      expect(citizens.countBy('danishPassport')['0']).toBe(count((f) => f[COLUMNS.indexOf('passport')] === 'none'));
      const issuedOn2015 = count((f) => f[1] === '2015-06-01');
      expect(readModels.of(migrationProgress).get('2015-06-01')?.issued ?? 0).toBe(issuedOn2015);
      readModels.close();
      await store.close();
    } finally {
      run.remove();
    }
  }, 240_000);

  it('killed with SIGKILL at a random point of a 50 000-row import, the same command finishes it: every holder once, totals right', async () => {
    const run = fresh();
    try {
      const file = join(scratch, 'fifty-thousand.ndjson');
      expect(run.cli('generate', '--citizens', '50000', '--seed', '9', '--format', 'ndjson', '--out', file).status).toBe(0);
      const child = spawn(process.execPath, cliArgs('import', file), { cwd: ROOT, env: env(run.dataDir), stdio: 'ignore' });
      // Somewhere after the first batch of 5 000 and before the last: how far, the test's random draw says.
      const killAfter = 5_000 + Math.floor(Math.random() * 40_000);
      await until(
        async () => {
          try {
            return run.events().count;
          } catch {
            return 0;
          }
        },
        (imported: number) => imported >= killAfter || child.exitCode !== null,
        120_000,
      );
      await stopProcess(child, 'SIGKILL');
      expect(child.signalCode === 'SIGKILL' || child.exitCode === 0).toBe(true);
      const before = run.events().count;

      const resumed = run.cli('import', file);
      expect(resumed.status).toBe(0);
      expect(resumed.stdout).toMatch(/50000 rows read, 50000 imported, 0 already present, 0 rejected/);
      expect(run.events()).toEqual({ count: 50_000, streams: 50_000 });
      expect(before).toBeLessThanOrEqual(50_000);
    } finally {
      run.remove();
    }
  }, 300_000);

  describe('a file that is not a register file is refused whole, in one line, exit code 2, nothing imported', () => {
    const run = fresh();
    afterAll(() => run.remove(), 60_000);
    const file = (name: string, content: string | Buffer) => {
      const path = join(scratch, name);
      writeFileSync(path, content);
      return path;
    };

    it.each([
      [
        'a wrong header',
        () => file('wrong-header.csv', 'cpr,issued\n070761-4285,2014-05-20\n'),
        'overgang: wrong-header.csv: the CSV header must name the columns cpr,nemIdIssuedOn,authenticator,nsisSubstantial,passport,digitalPostExempt,residesAbroad,addressProtected,visualImpairment (version 1): missing nemIdIssuedOn, authenticator, nsisSubstantial, passport, digitalPostExempt, residesAbroad, addressProtected, visualImpairment; unknown "issued"; nothing was imported',
      ],
      [
        'a binary file',
        () => file('register.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00])),
        'overgang: register.zip: the file is binary (it holds NUL bytes), not a register file; nothing was imported',
      ],
      [
        'a file not in UTF-8',
        () =>
          file(
            'latin1.csv',
            Buffer.concat([
              Buffer.from(`${HEADER}\n070761-4285,2014-05-20,code-card,true,danish,false,false,false,none\n`),
              Buffer.from([0x53, 0xf8, 0x72, 0x65, 0x6e, 0x0a]),
            ]),
          ),
        'overgang: latin1.csv: the file is not UTF-8 text (line 3 holds bytes that are not UTF-8); nothing was imported',
      ],
      [
        'NDJSON without its version line',
        () => file('no-version.ndjson', '{"cpr":"070761-4285"}\n'),
        'overgang: no-version.ndjson: the first line must be {"format":"nemid-register","version":1} (NDJSON register file, version 1); nothing was imported',
      ],
      ['an empty file', () => file('empty.csv', ''), 'overgang: empty.csv: the file is empty; nothing was imported'],
      ['a file that is not there', () => join(scratch, 'missing.csv'), /^overgang: cannot read .*missing\.csv: ENOENT$/],
    ])(
      '%s',
      (_, path, message) => {
        const result = run.cli('import', path());
        expect(result.status).toBe(2);
        const lines = result.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        if (typeof message === 'string') expect(lines[0]).toBe(message);
        else expect(lines[0]).toMatch(message);
        expect(result.stdout).toBe('');
      },
      60_000,
    );

    it('an unknown --format is a usage error', () => {
      const result = run.cli('import', '--format', 'xlsx', join(scratch, 'x.csv'));
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/--format <format>' argument 'xlsx' is invalid\. must be csv or ndjson/);
    }, 60_000);

    it('--dry-run reports without writing anything', () => {
      const path = file(
        'dry.csv',
        `${HEADER}\n070761-4285,2014-05-20,code-card,true,danish,false,false,false,none\n070761-4285,2014-05-20,code-card,true,danish,false,false,false,none\n`,
      );
      const result = run.cli('import', '--dry-run', path);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('dry run of dry.csv (nothing written): 2 rows read, 1 would be imported, 0 already present, 1 rejected');
      expect(result.stdout).toContain('line 3: cpr the same CPR number is on line 2 of this file');
      expect(run.events().count).toBe(0);
    }, 60_000);
  });
});
