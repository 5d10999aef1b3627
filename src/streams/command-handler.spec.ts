import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../domain/clock';
import type { EventMetadata } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { Decider } from '../domain/decider';
import { storedEventsOf } from '../domain/stored-events';
import { EventSourcedCommandHandler } from './command-handler';

/** A register that opens once; notes (like a record opening) need only that it is open, counts need the exact total. */
type Event = { type: 'Opened'; data: Record<string, never> } | { type: 'Noted'; data: { by: number } } | { type: 'Counted'; data: { total: number } };
type Command = { type: 'Open' | 'Note' | 'Count'; data: { by?: number }; metadata: { now: Date } };
type State = { open: boolean; total: number };
const decider: Decider<Command, Event, State> = {
  initialState: () => ({ open: false, total: 0 }),
  evolve: (state, event) => (event.type === 'Opened' ? { ...state, open: true } : event.type === 'Counted' ? { ...state, total: event.data.total } : state),
  decide: (command, state) => {
    if (command.type === 'Open') return state.open ? [] : [{ type: 'Opened', data: {} }];
    if (!state.open) throw new Error('not open');
    return command.type === 'Note' ? [{ type: 'Noted', data: { by: command.data.by! } }] : [{ type: 'Counted', data: { total: state.total + 1 } }];
  },
};
const context = { actor: { role: 'test', subject: 'test' }, correlationId: 'test' };

describe('EventSourcedCommandHandler under concurrency', () => {
  let directory: string;
  let store: SqliteEventStore;
  const handlerFor = (commutes?: (event: Event) => boolean) =>
    new EventSourcedCommandHandler(store, new FixedClock(new Date('2022-01-01T00:00:00Z')), decider, {
      asDomainEvent: storedEventsOf<Event>({ Opened: true, Noted: true, Counted: true }).read,
      commutes,
    });
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'overgang-handler-'));
    store = new SqliteEventStore({ path: join(directory, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('events that commute are appended whatever happened meanwhile: 50 at once all succeed', async () => {
    const handler = handlerFor((event) => event.type === 'Noted');
    await handler.handle('register-1', { type: 'Open', data: {} }, context);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, by) => handler.handle('register-1', { type: 'Note', data: { by } }, context)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const notes: number[] = [];
    for await (const event of store.readStream('register-1')) if (event.type === 'Noted') notes.push((event.data as { by: number }).by);
    expect(notes.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, by) => by));
  });

  it('a commuting event still needs the stream: nothing is appended to one that does not exist', async () => {
    const handler = handlerFor((event) => event.type === 'Noted');
    await expect(handler.handle('register-2', { type: 'Note', data: { by: 1 } }, context)).rejects.toThrow('not open');
  });

  it('events that depend on the state are appended at the revision read: concurrent ones are decided again, none is lost', async () => {
    const handler = handlerFor((event) => event.type === 'Noted');
    await handler.handle('register-3', { type: 'Open', data: {} }, context);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => handler.handle('register-3', { type: 'Count', data: {} }, context)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((await handler.load('register-3')).state.total).toBe(4);
  });

  it('every event records who acted, the correlation, and what caused it: the command itself unless the caller says', async () => {
    const handler = handlerFor();
    await handler.handle('register-4', { type: 'Open', data: {} }, context);
    await handler.handle('register-4', { type: 'Count', data: {} }, { ...context, causationId: 'letter-event-1' });
    const metadata: EventMetadata[] = [];
    for await (const event of store.readStream('register-4')) metadata.push(event.metadata);
    expect(metadata[0]).toMatchObject({ actor: context.actor, correlationId: 'test', occurredAt: '2022-01-01T00:00:00.000Z', schemaVersion: 1 });
    expect(metadata[0].causationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(metadata[0].causationId).not.toBe('test');
    expect(metadata[1].causationId).toBe('letter-event-1');
  });

  it("gives events time-ordered ids (UUID version 7), so a later command's events sort after an earlier one's", async () => {
    const handler = handlerFor();
    await handler.handle('register-5', { type: 'Open', data: {} }, context);
    for (let i = 0; i < 3; i++) await handler.handle('register-5', { type: 'Count', data: {} }, context);
    const ids: string[] = [];
    for await (const event of store.readStream('register-5')) ids.push(event.id);
    expect(ids).toHaveLength(4);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
  });

  describe('the fold kept between commands', () => {
    const counted = (total: number) => ({ id: `counted-${total}-${Math.random()}`, type: 'Counted', data: { total }, metadata: {} as EventMetadata });

    it('sees what another writer appended after it: the kept state is only ever a start', async () => {
      const handler = handlerFor();
      await handler.handle('register-5', { type: 'Open', data: {} }, context);
      await handler.handle('register-5', { type: 'Count', data: {} }, context);
      await store.append('register-5', [counted(41)]);
      expect(await handler.load('register-5')).toEqual({ state: { open: true, total: 41 }, revision: 2n });
      await handler.handle('register-5', { type: 'Count', data: {} }, context);
      expect((await handlerFor().load('register-5')).state.total).toBe(42);
    });

    it("a commuting append past someone else's events keeps nothing it has not read: the next load folds them", async () => {
      const handler = handlerFor((event) => event.type === 'Noted');
      await handler.handle('register-6', { type: 'Open', data: {} }, context);
      await handler.load('register-6');
      const other = handlerFor();
      await other.handle('register-6', { type: 'Count', data: {} }, context);
      await handler.handle('register-6', { type: 'Note', data: { by: 1 } }, context);
      expect(await handler.load('register-6')).toEqual({ state: { open: true, total: 1 }, revision: 2n });
    });

    it("a decision after another writer's append is taken on the whole stream: the count goes on from theirs", async () => {
      const handler = handlerFor();
      await handler.handle('register-7', { type: 'Open', data: {} }, context);
      await handler.handle('register-7', { type: 'Count', data: {} }, context);
      await store.append('register-7', [counted(10)], { expectedRevision: 1n });
      const { state } = await handler.handle('register-7', { type: 'Count', data: {} }, context);
      expect(state.total).toBe(11);
    });
  });
});
