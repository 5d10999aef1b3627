import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHmac, createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { base32 } from 'rfc4648';
import { PROJECTIONS } from '../projections';
import { citizenStatus } from '../projections/citizen-status';
import { FixedClock } from '../src/domain/clock';
import { REGISTER_COLUMNS, checkRegisterRow, profileOf } from '../src/domain/population';
import { DEFAULT_TRANSITION_SCHEDULE } from '../src/domain/transition';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { keysFromSettings } from '../src/personal-data/keys';
import { CitizenCipher } from '../src/personal-data/citizen-cipher';
import { PersonalDataProtector } from '../src/personal-data/personal-data-protector';
import { SqliteCitizenKeyStore } from '../src/personal-data/sqlite-citizen-key-store';
import { ProjectionEngine } from '../src/projection-engine/projection-engine';
import { ReadModelStore } from '../src/projection-engine/read-model-store';
import { PopulationImporter } from '../src/population/population-importer';
import { generatePopulation, registerHeader, registerLine } from '../src/population/population-generator';
import { inspectRegisterFile } from '../src/population/register-file';
import { TEST_KEYS } from '../test/support/population';
import { compiledRebuildThread, rawEventsDatabase, report, scratchDir } from './harness';

/**
 * The population import through the application (check the file whole, then parse, validate, decide, hash,
 * encrypt and append 1 000 holders per group commit, with the import's own progress events), next to a raw
 * baseline doing the same work by hand (parse, validate, hash, encrypt, insert into the same schema, 1 000 rows
 * per transaction), then the read models catching up. Each path runs in its own process, so its peak RSS is its
 * own. BENCH_IMPORT_ROWS=5400000 is the national size.
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const TARGET_RATIO = 0.7;
const NATIONAL_TARGET_SECONDS = 300;
const RSS_TARGET_MB = 500;
const SYNCHRONOUS = 'FULL';
const NOW = new Date('2021-08-02T10:00:00+02:00');

interface PathResult {
  rows: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function* lines(path: string): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop() ?? '';
    yield* parts;
  }
  if (carry) yield carry;
}

/** AES-256-GCM as the service seals a value: `<keyName>.<iv>.<ciphertext>.<tag>`, base64url. */
function sealed(keyName: string, key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [keyName, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/**
 * The same work written by hand: no events, no decider, no group commit, one prepared insert per row; each holder's
 * own data key made, wrapped by the master key and stored (keys.sqlite beside, the service's table and index, one
 * transaction per 1 000) before the CPR number is sealed with it.
 */
async function raw(file: string, dbPath: string): Promise<PathResult> {
  const db = rawEventsDatabase(dbPath, SYNCHRONOUS);
  const keyDb = new Database(join(dirname(dbPath), 'raw-keys.sqlite'));
  keyDb.pragma('journal_mode = WAL');
  keyDb.pragma(`synchronous = ${SYNCHRONOUS}`);
  keyDb.exec('CREATE TABLE citizen_keys (id INTEGER PRIMARY KEY AUTOINCREMENT, citizen_id TEXT NOT NULL, wrapped TEXT NOT NULL)');
  const keys = keysFromSettings(TEST_KEYS);
  const master = keys.encryptionKeys.get(keys.activeKeyId)!;
  const insertKey = keyDb.prepare('INSERT INTO citizen_keys (citizen_id, wrapped) VALUES (?, ?)');
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, 0, ?, ?, ?, ?)');
  const metadata = JSON.stringify({
    occurredAt: NOW.toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { role: 'agency', subject: 'bench' },
    schemaVersion: 1,
  });
  let batch: string[][] = [];
  const commit = (rows: string[][]) => {
    const checked = rows.flatMap((fields) => {
      const values: Record<string, string> = {};
      REGISTER_COLUMNS.forEach((column, i) => (values[column] = fields[i]));
      const check = checkRegisterRow(values);
      return check.ok ? [check.row] : [];
    });
    const fresh = randomBytes(checked.length * 32);
    const made = checked.map((row, i) => {
      const digits = row.cpr.digits;
      const citizenId = base32.stringify(createHmac('sha256', keys.hashKey).update(digits).digest().subarray(0, 20), { pad: false }).toLowerCase();
      const key = fresh.subarray(i * 32, (i + 1) * 32);
      return { row, citizenId, key, keyRef: '', wrapped: sealed(keys.activeKeyId, master, key.toString('base64')) };
    });
    keyDb.transaction(() => made.forEach((m) => (m.keyRef = String(insertKey.run(m.citizenId, m.wrapped).lastInsertRowid))))();
    db.transaction(() => {
      for (const { row, citizenId, key, keyRef } of made) {
        const protectedCpr = sealed(`~${keyRef}`, key, row.cpr.digits);
        const data = { protectedCpr, issuedOn: row.nemIdIssuedOn, authenticator: row.authenticator, profile: profileOf(row) };
        insert.run(randomUUID(), `citizen-${citizenId}`, 'NemIdImported', JSON.stringify(data), metadata, Date.now());
      }
    })();
  };
  const started = process.hrtime.bigint();
  let rows = 0;
  let header = true;
  for await (const line of lines(file)) {
    if (header) {
      header = false;
      continue;
    }
    if (!line) continue;
    batch.push(line.split(','));
    rows++;
    if (batch.length === 1000) {
      commit(batch);
      batch = [];
    }
  }
  commit(batch);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  keyDb.close();
  return { rows, seconds, perSecond: rows / seconds, peakRssMb: peakRssMb() };
}

async function application(file: string, dbPath: string): Promise<PathResult> {
  const store = new SqliteEventStore({ path: dbPath, synchronous: SYNCHRONOUS });
  // The citizens' data keys beside the events, as the service keeps them: making and storing them is part of an import.
  const keys = new SqliteCitizenKeyStore(join(dirname(dbPath), 'keys.sqlite'));
  const cipher = new CitizenCipher(new PersonalDataProtector(keysFromSettings(TEST_KEYS)), keys);
  const importer = new PopulationImporter(store, cipher, new FixedClock(NOW), async () => DEFAULT_TRANSITION_SCHEDULE);
  const started = process.hrtime.bigint();
  const register = await inspectRegisterFile(file, { name: 'register.csv' });
  const state = await importer.run({ file: register, context: { actor: { role: 'agency', subject: 'bench' }, correlationId: randomUUID() } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  await keys.close();
  if (state.status !== 'completed' || state.totals.imported !== ROWS) throw new Error(`import ended ${JSON.stringify(state)}`);
  return { rows: state.totals.read, seconds, perSecond: state.totals.read / seconds, peakRssMb: peakRssMb() };
}

/** Every read model folded from the imported events, as the service does after an import. */
async function readModels(dbPath: string, readModelsPath: string): Promise<PathResult> {
  const RebuildThread = compiledRebuildThread();
  const store = new SqliteEventStore({ path: dbPath, synchronous: SYNCHRONOUS });
  const models = new ReadModelStore(readModelsPath);
  const engine = new ProjectionEngine(store, models, PROJECTIONS, { helper: new RebuildThread({ eventsPath: dbPath, readModelsPath }) });
  const started = process.hrtime.bigint();
  await engine.start();
  await engine.caughtUp();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await engine.stop();
  const active = models.of(citizenStatus).countBy('status')['nemid-active'] ?? 0;
  models.close();
  await store.close();
  if (active !== ROWS) throw new Error(`citizen-status has ${active} active holders, not ${ROWS}`);
  return { rows: ROWS, seconds, perSecond: ROWS / seconds, peakRssMb: peakRssMb() };
}

/** One path in a fresh process: its own peak RSS, and no warm caches from the other. */
function inChild(path: string, ...args: string[]): PathResult {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, path, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`${path} failed: ${run.stdout}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as PathResult;
}

async function main() {
  const scratch = scratchDir('import');
  const file = join(scratch.dir, 'register.csv');
  let text = registerHeader('csv') + '\n';
  const chunks: string[] = [];
  for (const record of generatePopulation({ citizens: ROWS, seed: 42 })) {
    text += registerLine(record, 'csv') + '\n';
    if (text.length > 1 << 20) {
      chunks.push(text);
      text = '';
    }
  }
  chunks.push(text);
  writeFileSync(file, chunks.join(''));
  chunks.length = 0;

  const baseline = inChild('raw', file, join(scratch.dir, 'raw.sqlite'));
  const subject = inChild('application', file, join(scratch.dir, 'events.sqlite'));
  const projections = inChild('read-models', join(scratch.dir, 'events.sqlite'), join(scratch.dir, 'read-models.sqlite'));
  scratch.remove();

  const ratio = subject.perSecond / baseline.perSecond;
  const withReadModels = subject.seconds + projections.seconds;
  const nationalSeconds = (withReadModels / ROWS) * 5_400_000;
  const result = {
    name: 'population import',
    rows: ROWS,
    subject: { name: 'application: check the file, then decide and append per holder, group-committed, with progress events', ...subject },
    baseline: { name: 'raw: parse, validate, hash, make and store a key, seal, insert with the same schemas, 1 000 rows per transaction', ...baseline },
    readModels: { name: 'every read model caught up from the imported events', ...projections },
    ratio,
    target: TARGET_RATIO,
    met: ratio >= TARGET_RATIO,
    importWithReadModelsSeconds: withReadModels,
    nationalEstimateSeconds: ROWS === 5_400_000 ? withReadModels : nationalSeconds,
    nationalMeasured: ROWS === 5_400_000,
    nationalTargetSeconds: NATIONAL_TARGET_SECONDS,
    peakRssTargetMb: RSS_TARGET_MB,
    rssMet: subject.peakRssMb < RSS_TARGET_MB && projections.peakRssMb < RSS_TARGET_MB,
  };
  const rate = (r: PathResult) => `${Math.round(r.perSecond).toLocaleString('en')} rows/s`;
  console.log(
    `${result.met ? 'MET ' : 'MISS'} population import: ${rate(subject)} vs raw ${rate(baseline)} = ${(ratio * 100).toFixed(1)} % (target ${TARGET_RATIO * 100} %); ` +
      `read models ${rate(projections)}; ${ROWS.toLocaleString('en')} rows with read models in ${withReadModels.toFixed(1)} s ` +
      `(5.4 M ${result.nationalMeasured ? 'measured' : 'at this rate'}: ${(result.nationalEstimateSeconds / 60).toFixed(1)} min, target 5); peak RSS import ${subject.peakRssMb} MB, read models ${projections.peakRssMb} MB, raw ${baseline.peakRssMb} MB`,
  );
  report('population-import.json', { measuredAt: new Date().toISOString(), results: [result] });
}

const [phase, ...args] = process.argv.slice(2);
const phases: Record<string, () => Promise<PathResult>> = {
  raw: () => raw(args[0], args[1]),
  application: () => application(args[0], args[1]),
  'read-models': () => readModels(args[0], args[1]),
};
(phase ? phases[phase]().then((result) => console.log(JSON.stringify(result))) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
