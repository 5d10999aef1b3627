import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { NewEvent } from '../src/event-store/event-store';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { compare, interleaved, print, rawEventsDatabase, report, scratchDir } from './harness';

/**
 * Appends through the port against a raw better-sqlite3 loop doing the same checked
 * append (read the stream revision, insert, update the revision) with the same file settings.
 */
const SINGLE_APPENDS = Number(process.env.BENCH_SINGLE_APPENDS ?? 3000);
const CONCURRENT_APPENDS = Number(process.env.BENCH_CONCURRENT_APPENDS ?? 40_000);
const CONCURRENCY_LEVELS = [16, 64, 256, 1000];

const payload = { issuedOn: '2022-03-10', identification: 'photo-id', authenticator: 'code-card', protectedCpr: 'k1.' + 'x'.repeat(60) };
const metadata = {
  occurredAt: '2022-03-10T10:00:00.000Z',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: { role: 'citizen-service', subject: 'bench' },
  schemaVersion: 1,
};
const newEvent = (): NewEvent => ({ id: randomUUID(), type: 'NemIdIssued', data: payload, metadata });

function rawStore(path: string) {
  const db = rawEventsDatabase(path);
  const revision = db.prepare<[string], { revision: number }>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const checkedAppend = (streamId: string, event: NewEvent) => {
    if (revision.get(streamId) !== undefined) throw new Error('conflict');
    insert.run(event.id, streamId, 0, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), Date.now());
  };
  return {
    db,
    checkedAppend,
    oneTransaction: db.transaction(checkedAppend),
    manyInOneTransaction: db.transaction((items: [string, NewEvent][]) => items.forEach(([s, e]) => checkedAppend(s, e))),
  };
}

const ROUNDS = 10;

async function main() {
  const results = [];

  {
    const scratch = scratchDir('single');
    const raw = rawStore(join(scratch.dir, 'raw.sqlite'));
    const store = new SqliteEventStore({ path: join(scratch.dir, 'port.sqlite') });
    const perRound = Math.ceil(SINGLE_APPENDS / ROUNDS);
    const { baseline, subject } = await interleaved(
      ROUNDS,
      perRound,
      {
        name: 'raw better-sqlite3, one transaction per append',
        round: (r) => {
          for (let i = r * perRound; i < (r + 1) * perRound; i++) raw.oneTransaction(`citizen-${i}`, newEvent());
        },
      },
      {
        name: 'SqliteEventStore.append, awaited one at a time',
        round: async (r) => {
          for (let i = r * perRound; i < (r + 1) * perRound; i++) {
            await store.append(`citizen-${i}`, [newEvent()], { expectedRevision: 'no_stream' });
          }
        },
      },
    );
    raw.db.close();
    await store.close();
    scratch.remove();
    results.push(compare('command appends, one at a time', subject, baseline, 0.9));
  }

  // Everyday concurrency: each caller awaits its own append before the next, as HTTP requests do.
  for (const callers of CONCURRENCY_LEVELS) {
    const scratch = scratchDir(`group-${callers}`);
    const raw = rawStore(join(scratch.dir, 'raw.sqlite'));
    const store = new SqliteEventStore({ path: join(scratch.dir, 'port.sqlite') });
    const perRound = Math.ceil(CONCURRENT_APPENDS / ROUNDS / callers) * callers;
    const { baseline, subject } = await interleaved(
      ROUNDS,
      perRound,
      {
        name: `raw better-sqlite3, ${callers} checked appends per transaction`,
        round: (r) => {
          for (let start = r * perRound; start < (r + 1) * perRound; start += callers) {
            const items: [string, NewEvent][] = [];
            for (let i = start; i < start + callers; i++) items.push([`citizen-${i}`, newEvent()]);
            raw.manyInOneTransaction(items);
          }
        },
      },
      {
        name: `SqliteEventStore.append from ${callers} callers, each awaiting its own (group commit)`,
        round: async (r) => {
          let next = r * perRound;
          const end = (r + 1) * perRound;
          const caller = async () => {
            while (next < end) {
              const i = next++;
              await store.append(`citizen-${i}`, [newEvent()], { expectedRevision: 'no_stream' });
            }
          };
          await Promise.all(Array.from({ length: callers }, caller));
        },
      },
    );
    raw.db.close();
    await store.close();
    scratch.remove();
    results.push(compare(`group commit, ${callers} concurrent callers`, subject, baseline, 0.7));
  }

  results.forEach(print);
  report('event-store.json', { measuredAt: new Date().toISOString(), results });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
