import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyProjectionDefinition, PROJECTIONS, citizenStatus, foldPartitions, migrationProgress } from '../../projections';
import { issuedEvent, testEvent } from '../../test/support/events';
import { RecordedEvent } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from './projection-engine';
import { ProjectionThread } from './projection-thread';
import { ReadModelStore } from './read-model-store';

describe('ProjectionThread', () => {
  let dir: string;
  let events: SqliteEventStore;
  let readModels: ReadModelStore;
  let engine: ProjectionEngine;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-projection-thread-'));
    events = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    readModels = new ReadModelStore(join(dir, 'read-models.sqlite'));
    const thread = new ProjectionThread({ eventsPath: join(dir, 'events.sqlite'), readModelsPath: join(dir, 'read-models.sqlite') }, events);
    engine = new ProjectionEngine(events, readModels, PROJECTIONS, {}, thread);
    await engine.start();
  }, 30_000);

  afterEach(async () => {
    await engine.stop();
    readModels.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds in its own thread what this one appends: once caught up, the read models here equal the fold of the events', async () => {
    for (let i = 0; i < 50; i++) {
      await events.append(`citizen-c${String(i).padStart(2, '0')}`, [
        issuedEvent('2021-03-01'),
        testEvent('MitIdCreated', { createdOn: '2021-11-02', route: 'bank' }),
      ]);
    }
    await engine.caughtUp();
    const all: RecordedEvent[] = [];
    for await (const event of events.readAll()) all.push(event);
    for (const definition of [citizenStatus, migrationProgress] as AnyProjectionDefinition[]) {
      const expected = foldPartitions(definition, all);
      expect(expected.size).toBeGreaterThan(0);
      for (const [partition, state] of expected) expect(readModels.get(definition.name, partition)).toEqual(state);
    }
    expect(readModels.of(citizenStatus).count({ hasMitId: true })).toBe(50);
  });

  it('answers "caught up" only after events appended just before the question are in', async () => {
    await engine.caughtUp('citizen-status');
    await events.append('citizen-late', [issuedEvent('2021-04-01')]);
    await engine.caughtUp('citizen-status');
    expect(readModels.of(citizenStatus).get('late')).toBeDefined();
  });

  it('stops with the engine: its last batch committed, and a later question refused', async () => {
    await events.append('citizen-one', [issuedEvent('2021-05-01')]);
    await engine.caughtUp();
    await engine.stop();
    const head = await events.headPosition();
    expect(readModels.checkpoint('citizen-status').position).toBe(head);
    await expect(engine.caughtUp()).rejects.toThrow('the projection thread is not running');
  });
});
