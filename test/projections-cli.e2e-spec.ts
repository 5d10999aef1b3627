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

const ROOT = join(__dirname, '..');
const CITIZENS = 4000;
const cli = (dataDir: string, args: string[]) => spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
const cliSync = (dataDir: string, args: string[]) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });


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
          event('NemIdIssued', { protectedCpr: 'k1.x', issuedOn: `2021-0${1 + (i % 9)}-01`, identification: 'photo-id', identityConfirmedBy: 'security-questions', authenticator: 'code-card', profile: { needsInfoUpdate: i % 3 === 0, danishPassport: true, digitalPostExempt: false, residesAbroad: false, addressProtected: false, visualImpairment: 'none' } }),
          event('MitIdCreated', { createdOn: '2022-01-01', route: 'bank' }),
          ...(i % 2 === 0 ? [event('NemIdRetired', { retiredOn: '2022-10-31', reason: 'migrated' })] : []),
        ]),
      );
    }
    await Promise.all(appends);
    events = [];
    for await (const recorded of store.readAll()) events.push(recorded);
    await store.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // The CLI starts in its own process (ts-node), which alone can take seconds on a loaded machine.
  it('survives SIGKILL in the middle of a rebuild: resumed from its checkpoint it equals a fresh fold, nothing counted twice', async () => {
    const head = events[events.length - 1].position;
    const child: ChildProcess = cli(dataDir, ['projections', 'rebuild', '--batch-size', '1']);
    const observer = new ReadModelStore(join(dataDir, 'read-models.sqlite'));
    let killedAt = 0n;
    try {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        try {
          killedAt = observer.checkpoint('citizen-status').position;
        } catch {
          continue; // not registered yet
        }
        if (killedAt > 500n) break;
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const afterKill = observer.checkpoint('citizen-status').position;
      expect(afterKill).toBeLessThan(head);

      const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
      for (const definition of [citizenStatus, migrationProgress] as AnyProjectionDefinition[]) {
        const runner = new ProjectionRunner(store, observer, definition, { batchSize: 500 });
        runner.start();
        await runner.caughtUp();
        await runner.stop();
        await expectReadModelEqualsFold(observer, definition, events);
      }
      await store.close();
    } finally {
      observer.close();
    }
  }, 60_000);

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
    expect(result.stderr.trim().split('\n')).toEqual(['overgang: unknown projection nope; known: citizen-status, migration-progress, campaign-progress']);
  });
});
