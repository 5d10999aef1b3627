import Database from 'better-sqlite3';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyProjectionDefinition, citizenStatus, foldPartitions, migrationProgress } from '../projections';
import { RecordedEvent } from '../src/event-store/event-store';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../src/projection-engine/projection-runner';
import { ReadModelStore } from '../src/projection-engine/read-model-store';
import { testEvent as event } from './support/events';
import { until } from './support/until';
import { COMPILED } from './support/service-process';

const ROOT = join(__dirname, '..');
const CITIZENS = 4000;
const cli = (dataDir: string, args: string[]) => spawn(process.execPath, [COMPILED.cli, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
const cliSync = (dataDir: string, args: string[]) =>
  spawnSync(process.execPath, [COMPILED.cli, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });

async function expectReadModelEqualsFold(readModels: ReadModelStore, definition: AnyProjectionDefinition, events: RecordedEvent[]) {
  const expected = foldPartitions(definition, events);
  const stored = readModels.load(definition.name, expected.keys());
  expect(stored.size).toBe(expected.size);
  for (const [partition, state] of expected) expect(stored.get(partition)).toEqual(state);
}

describe('projections from the CLI', () => {
  let dataDir: string;
  let events: RecordedEvent[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'overgang-cli-'));
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
    const appends = [];
    for (let i = 0; i < CITIZENS; i++) {
      appends.push(
        store.append(`citizen-${i}`, [
          event('NemIdIssued', {
            protectedCpr: 'k1.x',
            issuedOn: `2021-0${1 + (i % 9)}-01`,
            identification: 'photo-id',
            identityConfirmedBy: 'security-questions',
            authenticator: 'code-card',
            profile: {
              needsInfoUpdate: i % 3 === 0,
              danishPassport: true,
              digitalPostExempt: false,
              residesAbroad: false,
              addressProtected: false,
              visualImpairment: 'none',
            },
          }),
          event('MitIdCreated', { createdOn: '2022-01-01', route: 'bank' }),
          ...(i % 2 === 0 ? [event('NemIdRetired', { retiredOn: '2022-10-31', reason: 'migrated' })] : []),
        ]),
      );
    }
    await Promise.all(appends);
    events = [];
    for await (const recorded of store.readAll()) events.push(recorded);
    await store.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }), 30_000);

  /** Rows a rebuild that reads stream by stream has written so far, into the table it swaps in at the end. */
  const rowsBeingRebuilt = (name: string): number => {
    const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
    try {
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      const rebuilding = tables.find((t) => new RegExp(`^rm_${name.replace(/-/g, '_')}__rebuilding_[0-9a-f]+$`).test(t.name));
      return rebuilding ? (db.prepare(`SELECT COUNT(*) AS n FROM ${rebuilding.name}`).get() as { n: number }).n : 0;
    } finally {
      db.close();
    }
  };

  // The CLI starts in its own process, which alone can take a second or more on a loaded machine.
  it.each([
    // citizen-status has a row per stream: it reads stream by stream and moves its checkpoint once, at the end.
    {
      projection: 'citizen-status',
      halfWay: (observer: ReadModelStore) => rowsBeingRebuilt('citizen-status') > 500 && observer.checkpoint('citizen-status').position === 0n,
    },
    { projection: 'migration-progress', halfWay: (observer: ReadModelStore) => observer.checkpoint('migration-progress').position > 500n },
  ])(
    'survives SIGKILL in the middle of a rebuild of $projection: resumed, it equals a fresh fold, nothing counted twice',
    async ({ projection, halfWay }) => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `read-models.sqlite${suffix}`), { force: true });
      const head = events[events.length - 1].position;
      const child: ChildProcess = cli(dataDir, ['projections', 'rebuild', projection, '--batch-size', '1']);
      const observer = new ReadModelStore(join(dataDir, 'read-models.sqlite'));
      try {
        const probe = async () => {
          try {
            return halfWay(observer);
          } catch {
            return false; // not registered yet
          }
        };
        expect(await until(probe, (reached) => reached, 45_000)).toBe(true);
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
        expect(observer.checkpoint(projection).position).toBeLessThan(head);

        const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
        for (const definition of [citizenStatus, migrationProgress] as AnyProjectionDefinition[]) {
          const runner = new ProjectionRunner(store, observer, definition, { batchSize: 500 });
          runner.start();
          await runner.caughtUp();
          await runner.stop();
          await expectReadModelEqualsFold(observer, definition, events);
        }
        expect(rowsBeingRebuilt('citizen-status')).toBe(0);
        await store.close();
      } finally {
        observer.close();
      }
    },
    60_000,
  );

  it('rebuilds all read models and shows their status', () => {
    const rebuild = cliSync(dataDir, ['projections', 'rebuild']);
    expect(rebuild.status).toBe(0);
    expect(rebuild.stdout).toMatch(/citizen-status: rebuilt from \d+ events/);
    const status = cliSync(dataDir, ['projections', 'status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/citizen-status/);
    const readModels = new ReadModelStore(join(dataDir, 'read-models.sqlite'));
    expect(readModels.checkpoint('migration-progress').position).toBe(events[events.length - 1].position);
    readModels.close();
  });

  it('says in one line what is wrong with an unknown projection, and exits non-zero', () => {
    const result = cliSync(dataDir, ['projections', 'rebuild', 'nope']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'overgang: unknown projection nope; known: citizen-status, migration-progress, campaign-progress, population-imports',
    ]);
  });
});
