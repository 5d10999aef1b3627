import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECTIONS } from '../projections';
import { citizenStream } from '../src/domain/citizen';
import { FixedClock } from '../src/domain/clock';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from '../src/projection-engine/projection-engine';
import { ReadModelStore } from '../src/projection-engine/read-model-store';
import { Erasures } from '../src/retention/erasures';
import { RETENTION_BATCH, Retention } from '../src/retention/retention';
import { CitizenCommandHandler } from '../src/streams/citizen-command.handler';
import { RetentionCommandHandler } from '../src/streams/retention-command.handler';
import { testEvent } from '../test/support/events';
import { seedPopulation, testCipher } from '../test/support/population';
import { measure, report, scratchDir } from './harness';

/**
 * The retention rule over retired holders: the run (walk citizen-status, decide each citizen's erasure on their
 * stream, append CitizenForgotten, destroy their keys, record the batch) against the same work by hand in
 * better-sqlite3 (select the page, each stream's last revision, insert the events, delete the keys, a transaction
 * and a WAL truncation per batch).
 */
const HOLDERS = Number(process.env.BENCH_RETENTION_HOLDERS ?? 1_000_000);
const AS_OF = '2028-11-01';
const CLOCK = new FixedClock(new Date(`${AS_OF}T10:00:00+01:00`));
const CONTEXT = { actor: { role: 'system', subject: 'retention' }, correlationId: 'bench' };

async function seed(dir: string): Promise<void> {
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
  const ids = await seedPopulation(store, join(dir, 'keys.sqlite'), HOLDERS, { exemptEvery: 20, partiallySightedEvery: 0, needsInfoUpdateEvery: 4 });
  for (let start = 0; start < ids.length; start += 2000) {
    await Promise.all(
      ids
        .slice(start, start + 2000)
        .map((id) =>
          store.append(citizenStream(id), [testEvent('NemIdRetired', { retiredOn: '2023-10-31', reason: 'nemid-shutdown' })], { expectedRevision: 0n }),
        ),
    );
  }
  const readModels = new ReadModelStore(join(dir, 'read-models.sqlite'));
  const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
  await engine.start();
  await engine.caughtUp();
  await engine.stop();
  readModels.close();
  await store.close();
}

async function raw(dir: string): Promise<number> {
  const events = new Database(join(dir, 'events.sqlite'));
  events.pragma('journal_mode = WAL');
  events.pragma('synchronous = FULL');
  const keys = new Database(join(dir, 'keys.sqlite'));
  keys.pragma('synchronous = FULL');
  keys.pragma('secure_delete = ON');
  const readModels = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
  const page = readModels.prepare("SELECT partition, state FROM rm_citizen_status WHERE status = 'nemid-retired' AND partition > ? ORDER BY partition LIMIT ?");
  const last = events.prepare('SELECT max(revision) FROM events WHERE stream_id = ?').pluck();
  const insert = events.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const history = events.prepare('SELECT data FROM events WHERE stream_id = ?').pluck();
  const remove = keys.prepare('DELETE FROM citizen_keys WHERE id = ? AND citizen_id = ?');
  const metadata = JSON.stringify({ occurredAt: CLOCK.now().toISOString(), correlationId: 'raw', causationId: 'raw', actor: CONTEXT.actor, schemaVersion: 1 });
  let after = '';
  let forgotten = 0;
  for (;;) {
    const rows = page.all(after, RETENTION_BATCH) as { partition: string; state: string }[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1].partition;
    const due = rows.filter((row) => (JSON.parse(row.state) as { citizen: { retired?: { on: string } } }).citizen.retired!.on <= '2023-11-01');
    // The keys each citizen's values name: the references after `~` in their sealed values.
    const doomed = due.map(({ partition }) => ({
      citizenId: partition,
      keyRefs: (history.all(`citizen-${partition}`) as string[]).flatMap((data) => [...data.matchAll(/"protected\w*":"~(\d+)\./g)].map(([, ref]) => ref)),
    }));
    events.transaction(() => {
      for (const { citizenId, keyRefs } of doomed) {
        const stream = `citizen-${citizenId}`;
        const data = JSON.stringify({ forgottenOn: AS_OF, basis: 'retention-period-ended', decidedBy: CONTEXT.actor, keyRefs });
        insert.run(randomUUID(), stream, Number(last.get(stream)) + 1, 'CitizenForgotten', data, metadata, Date.now());
      }
    })();
    keys.transaction(() => doomed.forEach(({ citizenId, keyRefs }) => keyRefs.forEach((ref) => remove.run(Number(ref), citizenId))))();
    keys.pragma('wal_checkpoint(TRUNCATE)');
    forgotten += doomed.length;
  }
  for (const db of [events, keys, readModels]) db.close();
  return forgotten;
}

async function subject(dir: string): Promise<number> {
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
  const readModels = new ReadModelStore(join(dir, 'read-models.sqlite'));
  const cipher = testCipher(join(dir, 'keys.sqlite'));
  const retention = new Retention(
    new RetentionCommandHandler(store, CLOCK),
    new Erasures(new CitizenCommandHandler(store, CLOCK), cipher.keys, store),
    readModels,
    5,
  );
  await retention.start(AS_OF, CONTEXT);
  const run = await retention.resume(CONTEXT);
  readModels.close();
  await cipher.keys.close();
  await store.close();
  return run?.forgotten ?? 0;
}

async function main() {
  Logger.overrideLogger(['warn', 'error', 'fatal']);
  const scratch = scratchDir('retention');
  const subjectDir = join(scratch.dir, 'subject');
  const baselineDir = join(scratch.dir, 'baseline');
  mkdirSync(subjectDir);
  mkdirSync(baselineDir);
  await seed(subjectDir);
  for (const file of ['events.sqlite', 'read-models.sqlite', 'keys.sqlite']) copyFileSync(join(subjectDir, file), join(baselineDir, file));
  let rawForgotten = 0;
  const baseline = await measure('raw: better-sqlite3 page, last revision, insert, delete keys, WAL truncate per batch', HOLDERS, async () => {
    rawForgotten = await raw(baselineDir);
  });
  let forgotten = 0;
  const measured = await measure('retention run: citizen-status pages, the decider per citizen, the key store', HOLDERS, async () => {
    forgotten = await subject(subjectDir);
  });
  scratch.remove();
  if (forgotten !== HOLDERS || rawForgotten !== HOLDERS) throw new Error(`forgotten: subject ${forgotten}, raw ${rawForgotten}, expected ${HOLDERS}`);
  const ratio = measured.perSecond / baseline.perSecond;
  const result = { name: `retention run over ${HOLDERS.toLocaleString('en')} retired holders`, subject: measured, baseline, ratio, target: 0, met: true };
  console.log(
    `${result.name}: ${Math.round(measured.perSecond).toLocaleString('en')} holders/s (raw ${Math.round(baseline.perSecond).toLocaleString('en')}/s, ratio ${(ratio * 100).toFixed(1)} %; ` +
      `5.4 M in ${(5_400_000 / measured.perSecond / 60).toFixed(1)} min)`,
  );
  report('retention.json', { measuredAt: new Date().toISOString(), results: [result] });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
