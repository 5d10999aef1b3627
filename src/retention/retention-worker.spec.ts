import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECTIONS } from '../../projections';
import { testEvent } from '../../test/support/events';
import { seedPopulation, testCipher } from '../../test/support/population';
import { citizenStream } from '../domain/citizen';
import { FixedClock } from '../domain/clock';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { sealedKeyRefs } from '../personal-data/citizen-cipher';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { RetentionCommandHandler } from '../streams/retention-command.handler';
import { Erasures } from './erasures';
import { Retention } from './retention';
import { RetentionWorker } from './retention-worker';

describe('the daily retention run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'overgang-retention-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
  const readModels = new ReadModelStore(join(dir, 'read-models.sqlite'));
  const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
  const clock = new FixedClock(new Date('2027-10-31T10:00:00+01:00'));
  const cipher = testCipher(join(dir, 'keys.sqlite'));
  let retention: Retention;
  let ids: string[];

  beforeAll(async () => {
    ids = await seedPopulation(store, join(dir, 'keys.sqlite'), 3, { exemptEvery: 0, partiallySightedEvery: 0, needsInfoUpdateEvery: 0 });
    // Two retired at the shutdown, one on the day before it; a fourth never had a NemID here.
    for (const [id, on] of [
      [ids[0], '2022-10-31'],
      [ids[1], '2022-11-01'],
    ])
      await store.append(citizenStream(id), [testEvent('NemIdRetired', { retiredOn: on, reason: 'nemid-shutdown' })], { expectedRevision: 0n });
    await engine.start();
    await engine.caughtUp();
    const erasures = new Erasures(new CitizenCommandHandler(store, clock), cipher.keys, store);
    retention = new Retention(new RetentionCommandHandler(store, clock), erasures, readModels, 5);
  });
  afterAll(async () => {
    await engine.stop();
    readModels.close();
    await cipher.keys.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The key the holder's CPR number was sealed with, while it exists. */
  const keyOf = async (citizenId: string) => {
    for await (const event of store.readStream(citizenStream(citizenId), { maxCount: 1 })) return cipher.keys.get(citizenId, sealedKeyRefs(event.data)[0]);
  };
  const workerFor = (daily: boolean) =>
    new RetentionWorker(retention, new Erasures(new CitizenCommandHandler(store, clock), cipher.keys, store), clock, { daily, withWorkers: true });

  it('off, it starts nothing by itself', async () => {
    expect(await workerFor(false).round()).toBe(false);
    expect(await retention.list()).toEqual([]);
  });

  it('on a new business day it starts a run when someone is due, carries it to its end, and then waits for the next day', async () => {
    const worker = workerFor(true);
    expect(retention.plan('2027-10-31')).toMatchObject({ holders: 1, retiredBy: '2022-10-31' });
    expect(await worker.round()).toBe(true);
    expect(await worker.round()).toBe(true);
    const [run] = await retention.list();
    expect(run).toMatchObject({ asOf: '2027-10-31', planned: 1, forgotten: 1, finishedAt: expect.any(String) });
    expect(await worker.round()).toBe(false);
    expect((await new CitizenCommandHandler(store, clock).load(ids[0])).state.status).toBe('forgotten');
    expect(await keyOf(ids[0])).toBeUndefined();
    expect(await keyOf(ids[1])).toBeDefined();

    clock.advanceDays(1);
    await engine.caughtUp();
    expect(await worker.round()).toBe(true);
    expect(await worker.round()).toBe(true);
    expect((await retention.list())[0]).toMatchObject({ asOf: '2027-11-01', planned: 1, forgotten: 1 });
    expect((await new CitizenCommandHandler(store, clock).load(ids[2])).state.status).toBe('nemid-active');

    // Nobody is due the day after: no run is recorded.
    clock.advanceDays(1);
    await engine.caughtUp();
    expect(await worker.round()).toBe(false);
    expect(await retention.list()).toHaveLength(2);
  });
});
