import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexValue } from '../../projections/projection';
import { AnyProjectionDefinition, PROJECTIONS, citizenStatus, foldPartitions, migrationProgress } from '../../projections';
import { populationArbitrary, statusesOf } from '../../test/support/citizen-histories';
import { testEvent } from '../../test/support/events';
import { CitizenEvent } from '../domain/citizen';
import { NewEvent, RecordedEvent } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from './projection-engine';
import { ProjectionRunner } from './projection-runner';
import { ReadModelStore, UnknownIndexError } from './read-model-store';
import { STALL_AFTER } from './read-model-file/faults';

const toNew = (event: CitizenEvent): NewEvent => testEvent(event.type, event.data);

async function all(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

const issued = (needsInfoUpdate: boolean): NewEvent =>
  toNew({
    type: 'NemIdIssued',
    data: {
      protectedCpr: 'x',
      issuedOn: '2021-01-01',
      identification: 'photo-id',
      identityConfirmedBy: 'security-questions',
      authenticator: 'code-card',
      profile: { needsInfoUpdate, danishPassport: true, digitalPostExempt: false, residesAbroad: false, addressProtected: false, visualImpairment: 'none' },
    },
  });

/** Twelve citizens whose events are spread over the log, as a population's are: issued, then letters, then MitIDs. */
async function interleavedPopulation(store: SqliteEventStore): Promise<void> {
  const citizens = Array.from({ length: 12 }, (_, i) => `citizen-${String(i).padStart(2, '0')}`);
  for (const [i, stream] of citizens.entries()) await store.append(stream, [issued(i % 2 === 0)]);
  for (const stream of citizens) await store.append(stream, [toNew({ type: 'UpdateInfoLetterSent', data: { campaignId: 'c1', sentOn: '2021-10-01' } })]);
  for (const stream of citizens.slice(0, 6)) await store.append(stream, [toNew({ type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } })]);
}

async function expectEqualToTheFold(store: SqliteEventStore, readModels: ReadModelStore): Promise<void> {
  const expected = foldPartitions(citizenStatus, await all(store));
  expect(new Map(readModels.find<{ citizenId: string }>('citizen-status', {}, { limit: 1000 }).items.map((row) => [row.citizenId, row]))).toEqual(expected);
  expect(readModels.countBy('citizen-status', 'status')).toEqual(statusesOf(expected.values()));
}

/** The tables of a read-model file holding citizen-status and nothing half-built. */
const CITIZEN_STATUS_FILE = ['projection_checkpoints', 'projection_faults', 'projection_stall_policies', 'rm_citizen_status', 'rm_citizen_status__counts'];

const tablesIn = (path: string): string[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
  } finally {
    db.close();
  }
};

describe('ProjectionEngine', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-engine-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes every read model equal to the fold of the events, whatever the batch size (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(populationArbitrary(8), fc.integer({ min: 1, max: 7 }), async (population, batchSize) => {
        run++;
        const store = new SqliteEventStore({ path: join(dir, `events-${run}.sqlite`) });
        const readModels = new ReadModelStore(join(dir, `read-${run}.sqlite`));
        const engine = new ProjectionEngine(store, readModels, PROJECTIONS, { batchSize });
        // Half the events before the engine starts (catch-up), half while it runs (live).
        const appends = population.map((history, i) => ({ stream: `citizen-c${i}`, events: history.events.map(toNew) }));
        const split = appends.map(({ stream, events }) => [stream, events.slice(0, events.length >> 1), events.slice(events.length >> 1)] as const);
        for (const [stream, before] of split) if (before.length) await store.append(stream, before);
        await engine.start();
        for (const [stream, , after] of split) if (after.length) await store.append(stream, after);
        await engine.caughtUp();
        const events = await all(store);
        for (const definition of [citizenStatus, migrationProgress] as AnyProjectionDefinition[]) {
          const expected = foldPartitions(definition, events);
          for (const [partition, state] of expected) expect(readModels.get(definition.name, partition)).toEqual(state);
          expect(readModels.find(definition.name, {}, { limit: 1000 }).items).toHaveLength(expected.size);
          // Rows are updated column by column: every filter column must still hold what the state says.
          for (const [column, index] of Object.entries(definition.indexes)) {
            const counts: Record<string, number> = {};
            for (const state of expected.values()) {
              const value = index(state);
              const key = String(typeof value === 'boolean' ? Number(value) : value);
              counts[key] = (counts[key] ?? 0) + 1;
            }
            expect(readModels.countBy(definition.name, column)).toEqual(counts);
          }
        }
        await engine.stop();
        readModels.close();
        await store.close();
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('hands a failure to whoever waits for catch-up when told to stop on error, instead of hanging', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    await store.append('citizen-a', [toNew({ type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } })]);
    const readModels = new ReadModelStore(join(dir, 'read.sqlite'));
    const broken = {
      ...migrationProgress,
      when: {
        MitIdCreated: () => {
          throw new Error('fold failed');
        },
      },
    };
    const engine = new ProjectionEngine(store, readModels, [broken], { stopOnError: true });
    await engine.start();
    await expect(engine.caughtUp()).rejects.toThrow('fold failed');
    await engine.stop();
    expect(readModels.checkpoint('migration-progress').position).toBe(0n);
    readModels.close();
    await store.close();
  });

  it('a fold that failed and then takes the event (the fault went away) leaves no stalled read model behind', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    await store.append('citizen-a', [toNew({ type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } })]);
    const readModels = new ReadModelStore(join(dir, 'read.sqlite'));
    let failuresLeft = STALL_AFTER;
    const fold = migrationProgress.when.MitIdCreated!;
    const flaky = {
      ...migrationProgress,
      when: {
        ...migrationProgress.when,
        MitIdCreated: (...args: Parameters<typeof fold>) => {
          if (failuresLeft-- > 0) throw new Error('not yet');
          return fold(...args);
        },
      },
    };
    const engine = new ProjectionEngine(store, readModels, [flaky], { retryDelayMs: 5 });
    await engine.start();
    await engine.caughtUp();
    await engine.stop();
    expect(readModels.faults.list('migration-progress')).toEqual([expect.objectContaining({ state: 'passed', failures: STALL_AFTER })]);
    expect(readModels.faults.stalled()).toEqual([]);
    readModels.close();
    await store.close();
  });

  it('rebuilds a projection from position 0 when its version changes', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    await store.append('citizen-a', [toNew({ type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } })]);
    const readModels = new ReadModelStore(join(dir, 'read.sqlite'));
    const first = new ProjectionEngine(store, readModels, [migrationProgress]);
    await first.start();
    await first.caughtUp();
    await first.stop();
    expect(readModels.checkpoint('migration-progress').position).toBeGreaterThan(0n);
    const bumped = { ...migrationProgress, version: 2 };
    const second = new ProjectionEngine(store, readModels, [bumped]);
    expect(readModels.checkpoint('migration-progress')).toEqual({ version: 2, position: 0n });
    await second.start();
    await second.caughtUp();
    await second.stop();
    expect(readModels.get('migration-progress', '2022-01-01')).toMatchObject({ mitIdsCreated: 1 });
    readModels.close();
    await store.close();
  });

  it('pages with a stable cursor, filters on indexes, counts by an index and refuses unknown filters', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    for (let i = 0; i < 7; i++) {
      await store.append(`citizen-${String(i).padStart(2, '0')}`, [
        toNew({
          type: 'NemIdIssued',
          data: {
            protectedCpr: 'x',
            issuedOn: '2021-01-01',
            identification: 'photo-id',
            identityConfirmedBy: 'security-questions',
            authenticator: 'code-card',
            profile: {
              needsInfoUpdate: i % 2 === 0,
              danishPassport: true,
              digitalPostExempt: false,
              residesAbroad: false,
              addressProtected: false,
              visualImpairment: 'none',
            },
          },
        }),
      ]);
    }
    const readModels = new ReadModelStore(join(dir, 'read.sqlite'));
    const engine = new ProjectionEngine(store, readModels, [citizenStatus]);
    await engine.start();
    await engine.caughtUp();
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = readModels.find<{ citizenId: string }>('citizen-status', { needsInfoUpdate: true }, { after, limit: 2 });
      seen.push(...page.items.map((row) => row.citizenId));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual(['00', '02', '04', '06']);
    expect(readModels.countBy('citizen-status', 'needsInfoUpdate')).toEqual({ '0': 3, '1': 4 });
    expect(() => readModels.find('citizen-status', { shoeSize: 42 }, { limit: 1 })).toThrow(UnknownIndexError);
    await engine.stop();
    readModels.close();
    await store.close();
  });

  describe("counts kept as rows are written (the national progress and a campaign's remaining citizens read them instead of every row)", () => {
    it('rebuilds a file written without the counts, keeps them through changes, and counts from zero after a reset', async () => {
      const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
      await interleavedPopulation(store);
      const path = join(dir, 'read.sqlite');
      const before = new ReadModelStore(path);
      const engine = new ProjectionEngine(store, before, [{ ...citizenStatus, counted: undefined }]);
      await engine.start();
      await engine.caughtUp();
      await engine.stop();
      before.close();

      const readModels = new ReadModelStore(path);
      expect(readModels.register(citizenStatus).position).toBe(0n);
      const rebuild = new ProjectionEngine(store, readModels, [citizenStatus]);
      await rebuild.start();
      await rebuild.caughtUp();
      await rebuild.stop();
      // Twelve issued, all sent the letter, six of them with MitID.
      expect(readModels.countBy('citizen-status', 'status')).toEqual({ 'letter-sent': 6, 'mitid-created': 6 });
      await store.append('citizen-00', [toNew({ type: 'NemIdRetired', data: { retiredOn: '2022-02-01', reason: 'migrated' } })]);
      await store.append('citizen-11', [toNew({ type: 'PersonalInfoUpdated', data: { updatedOn: '2021-10-20', channel: 'code-app', danishPassport: true } })]);
      const live = new ProjectionEngine(store, readModels, [citizenStatus]);
      await live.start();
      await live.caughtUp();
      await live.stop();
      expect(readModels.countBy('citizen-status', 'status')).toEqual({ 'letter-sent': 5, 'info-updated': 1, 'mitid-created': 5, 'nemid-retired': 1 });
      expect(readModels.countBy('citizen-status', 'status', { needsInfoUpdate: false })).toEqual({ 'mitid-created': 3, 'letter-sent': 2, 'info-updated': 1 });

      readModels.reset('citizen-status');
      expect(readModels.countBy('citizen-status', 'status')).toEqual({});
      const again = new ProjectionEngine(store, readModels, [citizenStatus]);
      await again.start();
      await again.caughtUp();
      await again.stop();
      await expectEqualToTheFold(store, readModels);
      readModels.close();
      await store.close();
    });
    it("counts the rows a filter matches after any key as the rows themselves do: the counts of the buckets after the key's, and the rest of its bucket", async () => {
      const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
      // Keys spread over several first characters (the buckets), some sharing one.
      const ids = ['a1', 'a7', 'b2', 'k0', 'k5', 'k9', 'q3', 'z1', 'z8'];
      for (const [i, id] of ids.entries()) await store.append(`citizen-${id}`, [issued(i % 2 === 0)]);
      for (const id of ids.filter((_, i) => i % 3 === 0))
        await store.append(`citizen-${id}`, [toNew({ type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } })]);
      const readModels = new ReadModelStore(join(dir, 'read.sqlite'));
      const engine = new ProjectionEngine(store, readModels, [citizenStatus]);
      await engine.start();
      await engine.caughtUp();
      await engine.stop();
      // Issued with needsInfoUpdate on every other key (a1, b2, k5, q3, z8); MitID for a1, k0 and q3.
      const needsInfoUpdate = ['a1', 'b2', 'k5', 'q3', 'z8'];
      const withMitId = ['a1', 'k0', 'q3'];
      const filters: [Record<string, IndexValue>, string[]][] = [
        [{}, ids],
        [{ needsInfoUpdate: true }, needsInfoUpdate],
        [{ needsInfoUpdate: true, hasMitId: false }, needsInfoUpdate.filter((id) => !withMitId.includes(id))],
        [{ status: 'mitid-created' }, withMitId],
        [{ status: 'nemid-retired' }, []],
      ];
      for (const [filter, matching] of filters) {
        expect(readModels.count('citizen-status', filter)).toBe(matching.length);
        for (const after of ['', '0', 'a', 'a1', 'a5', 'b', 'b2', 'k5', 'k99', 'q', 'z8', 'zz']) {
          expect({ filter, after, count: readModels.count('citizen-status', filter, { after }) }).toEqual({
            filter,
            after,
            count: matching.filter((id) => id > after).length,
          });
        }
      }
      readModels.close();
      await store.close();
    });
  });

  describe('a rebuild of a read model with one row per stream, which reads stream by stream', () => {
    it('writes nothing a query can see until it is done, and a rebuild stopped half way leaves nothing behind', async () => {
      const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
      await interleavedPopulation(store);
      const readModels = new ReadModelStore(join(dir, 'read.sqlite'));
      const rowsSeen: number[] = [];
      const stopped = new ProjectionRunner(store, readModels, citizenStatus, {
        batchSize: 4,
        onCommitted: () => {
          rowsSeen.push(readModels.count('citizen-status', {}));
          void stopped.stop();
        },
      });
      stopped.start();
      await stopped.stop();
      expect(rowsSeen).toEqual([0]);
      expect(readModels.checkpoint('citizen-status').position).toBe(0n);
      expect(tablesIn(join(dir, 'read.sqlite'))).toEqual(CITIZEN_STATUS_FILE);

      const runner = new ProjectionRunner(store, readModels, citizenStatus, { batchSize: 4 });
      runner.start();
      await runner.caughtUp();
      await expectEqualToTheFold(store, readModels);
      expect(readModels.checkpoint('citizen-status').position).toBe(await store.headPosition());
      await runner.stop();
      readModels.close();
      await store.close();
    });

    it('does not let the rows of a rebuild that crashed half way into the next one, and drops their table', async () => {
      const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
      await interleavedPopulation(store);
      const readModels = new ReadModelStore(join(dir, 'read.sqlite'));
      readModels.register(citizenStatus);
      const crashed = readModels.beginRebuild('citizen-status');
      crashed.write(
        new Map([
          ['00', citizenStatus.init('00')],
          ['ghost', citizenStatus.init('ghost')],
        ]),
      );
      const runner = new ProjectionRunner(store, readModels, citizenStatus);
      runner.start();
      await runner.caughtUp();
      await expectEqualToTheFold(store, readModels);
      expect(tablesIn(join(dir, 'read.sqlite'))).toEqual(CITIZEN_STATUS_FILE);
      await runner.stop();
      readModels.close();
      await store.close();
    });

    it('gives the fold of the events, each once, when two processes rebuild at the same time and events keep coming', async () => {
      const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
      await interleavedPopulation(store);
      const [first, second] = [new ReadModelStore(join(dir, 'read.sqlite')), new ReadModelStore(join(dir, 'read.sqlite'))];
      const runners = [
        new ProjectionRunner(store, first, citizenStatus, { batchSize: 3 }),
        new ProjectionRunner(store, second, citizenStatus, { batchSize: 5 }),
      ];
      for (const runner of runners) runner.start();
      for (let i = 0; i < 12; i += 3)
        await store.append(`citizen-${String(i).padStart(2, '0')}`, [
          toNew({ type: 'PersonalInfoUpdated', data: { updatedOn: '2021-10-20', channel: 'code-app', danishPassport: true } }),
        ]);
      await Promise.all(runners.map((runner) => runner.caughtUp()));
      await expectEqualToTheFold(store, first);
      await expectEqualToTheFold(store, second);
      await Promise.all(runners.map((runner) => runner.stop()));
      first.close();
      second.close();
      await store.close();
    });
  });
});
