import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { SqliteCitizenKeyStore } from '../src/personal-data/sqlite-citizen-key-store';
import { damagePage, fillStore } from './support/damage';
import { COMPILED, ROOT } from './support/service-process';

const cli = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [COMPILED.cli, 'store', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });

describe('store check and store backup from the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'overgang-store-cli-'));
  const dataDir = join(dir, 'data');
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

  beforeAll(async () => {
    mkdirSync(dataDir);
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    await fillStore(store, 300);
    await store.close();
    // The read models file exists once the service has run; an empty one is whole.
    new Database(join(dataDir, 'read-models.sqlite')).close();
    const keys = new SqliteCitizenKeyStore(join(dataDir, 'keys.sqlite'));
    await keys.add([{ citizenId: 'c1', wrapped: 'k1.wrapped' }]);
    await keys.close();
  }, 60_000);

  it('checks the three files, backs up the events and the keys once, refuses to overwrite, and finds damage with exit 1', () => {
    const check = cli(dataDir, 'check');
    expect({ status: check.status, stdout: check.stdout }).toEqual({
      status: 0,
      stdout: ['events.sqlite', 'read-models.sqlite', 'keys.sqlite'].map((file) => `${join(dataDir, file)}: ok\n`).join(''),
    });

    // Into a folder that does not exist yet: made for it. One file, no -wal or -shm beside it.
    const copy = join(dir, 'restored', 'events.sqlite');
    // Nothing stored before per-citizen keys here: nothing to seal again, and it says so.
    const reseal = cli(dataDir, 'reseal');
    expect({ status: reseal.status, stdout: reseal.stdout }).toEqual({
      status: 0,
      stdout: "0 values sealed with their citizen's own key (0 events with personal values looked at)\n",
    });

    const backup = cli(dataDir, 'backup', copy);
    expect({ status: backup.status, stdout: backup.stdout }).toEqual({
      status: 0,
      stdout: [
        `backed up ${join(dataDir, 'events.sqlite')} to ${copy} (integrity check: ok)\n`,
        `backed up ${join(dataDir, 'keys.sqlite')} to ${join(dir, 'restored', 'events.keys.sqlite')} (integrity check: ok)\n`,
      ].join(''),
    });
    expect(readdirSync(join(dir, 'restored')).sort()).toEqual(['events.keys.sqlite', 'events.sqlite']);
    const again = cli(dataDir, 'backup', copy);
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 2, stderr: `overgang: ${copy} exists already: choose a new file\n` });

    damagePage(copy, 0.5);
    const damaged = cli(join(dir, 'restored'), 'check');
    expect(damaged.status).toBe(1);
    expect(damaged.stdout.split('\n')[1]).toBe(`${join(dir, 'restored', 'read-models.sqlite')}: not there (rebuilt from the events at the next start)`);
    expect(damaged.stdout.split('\n')[0]).toMatch(new RegExp(`^${copy}: .+`));
    expect(damaged.stdout.split('\n')[0]).not.toMatch(/: ok$/);
  }, 60_000);
});
