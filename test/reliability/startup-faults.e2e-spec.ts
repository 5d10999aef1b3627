import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { damagePage, fillStore } from '../support/damage';
import { TEST_TOKEN_SECRET } from '../support/tokens';
import { COMPILED } from '../support/service-process';

const ROOT = join(__dirname, '..', '..');

/** The service started as `npm start` starts it; it must stop by itself, so it gets a deadline, not a kill. */
function startService(env: Record<string, string>, uid?: number): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COMPILED.main], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH!,
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'test',
        AUTH_JWT_SECRET: TEST_TOKEN_SECRET,
        PORT: '1',
        LOG_LEVEL: 'info',
        ...env,
      },
      uid,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the service did not stop by itself: ${stdout}${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One line on stderr, naming what is wrong; nothing else printed, no stack. */
async function expectOneLine(env: Record<string, string>, line: string | RegExp, uid?: number): Promise<void> {
  const { code, stdout, stderr } = await startService(env, uid);
  expect(code).toBe(1);
  expect(stdout).toBe('');
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('reliability: start-up faults end in one line naming the file or setting, and a non-zero exit', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-faults-'));
    chmodSync(dir, 0o755);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

  it('a file where the data folder should be, and a data folder that cannot be created', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    await Promise.all([
      expectOneLine({ DATA_DIR: file }, `overgang failed to start: DATA_DIR ${file} is a file, not a folder`),
      expectOneLine({ DATA_DIR: join(file, 'data') }, `overgang failed to start: DATA_DIR ${join(file, 'data')} cannot be created: part of its path is a file`),
    ]);
  }, 120_000);

  it('a read-only data folder', async () => {
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    // root writes anywhere: the service runs as an unprivileged user for this case.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    if (uid !== undefined) chownSync(readOnly, 0, 0);
    await expectOneLine({ DATA_DIR: readOnly }, `overgang failed to start: DATA_DIR ${readOnly} is not writable (EACCES)`, uid);
  }, 60_000);

  it('events.sqlite or read-models.sqlite that is not a database, a damaged page, a corrupt dev-secrets.json', async () => {
    const notADatabase = (name: string) => {
      const folder = join(dir, `garbage-${name}`);
      mkdirSync(folder);
      writeFileSync(join(folder, name), Buffer.alloc(8192, 0x5a));
      return folder;
    };
    const events = notADatabase('events.sqlite');
    const readModels = notADatabase('read-models.sqlite');

    const damaged = join(dir, 'damaged');
    mkdirSync(damaged);
    const store = new SqliteEventStore({ path: join(damaged, 'events.sqlite') });
    await fillStore(store, 300);
    await store.close();
    damagePage(join(damaged, 'events.sqlite'), 0.5);

    const secrets = join(dir, 'secrets');
    mkdirSync(secrets);
    writeFileSync(join(secrets, 'dev-secrets.json'), '{"CPR_HASH_KEY": ');

    await Promise.all([
      expectOneLine(
        { DATA_DIR: events },
        `overgang failed to start: ${join(events, 'events.sqlite')} is not an SQLite database (damaged, or another kind of file); stop the service, run \`npm run cli -- store check\` and restore the last backup (docs/operations.md: Backups)`,
      ),
      expectOneLine(
        { DATA_DIR: readModels },
        `overgang failed to start: ${join(readModels, 'read-models.sqlite')} is not an SQLite database (damaged, or another kind of file); stop the service and delete it: the read models are rebuilt from the events`,
      ),
      expectOneLine(
        { DATA_DIR: damaged },
        new RegExp(`^overgang failed to start: ${escape(join(damaged, 'events.sqlite'))} is damaged \\(.+\\); stop the service`),
      ),
      expectOneLine(
        { DATA_DIR: secrets },
        `overgang failed to start: ${join(secrets, 'dev-secrets.json')} is not valid JSON; delete it to generate new development keys (citizens issued with the old ones get new ids)`,
      ),
    ]);
  }, 180_000);

  it('production without its settings names every missing one at once', async () => {
    await expectOneLine(
      { NODE_ENV: 'production', DATA_DIR: join(dir, 'production') },
      'overgang failed to start: invalid configuration: AUTH_JWKS_URL: must be set in production (HS256 secrets are for development and tests); CPR_HASH_KEY: must be set in production (32 bytes, base64); CPR_ENCRYPTION_KEYS: must be set in production (keyId:base64Key, comma-separated)',
    );
  }, 60_000);
});
