import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RebuildThread } from '../src/projection-engine/rebuild-thread';
import { startTracing } from '../src/tracing/tracing';

// The cost of tracing: the same benches with spans exported to a receiver (docs/observability.md: The cost).
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT)
  startTracing({
    endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: 'overgang-bench',
    sampleRatio: Number(process.env.OTEL_TRACES_SAMPLER_ARG ?? 1),
  });

export interface Measurement {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
}

export interface Comparison {
  name: string;
  subject: Measurement;
  baseline: Measurement;
  ratio: number;
  target: number;
  met: boolean;
}

export async function measure(name: string, operations: number, run: () => Promise<void> | void): Promise<Measurement> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, operations, seconds, perSecond: operations / seconds };
}

/**
 * Runs subject and baseline in alternating rounds and adds up their times, so disk and
 * CPU noise (fsync latency drifts over a run) falls on both sides alike.
 */
export async function interleaved(
  rounds: number,
  operationsPerRound: number,
  baseline: { name: string; round: (round: number) => Promise<void> | void },
  subject: { name: string; round: (round: number) => Promise<void> | void },
): Promise<{ baseline: Measurement; subject: Measurement }> {
  const [baselineRuns, subjectRuns]: Measurement[][] = [[], []];
  for (let round = 0; round < rounds; round++) {
    baselineRuns.push(await measure(baseline.name, operationsPerRound, () => baseline.round(round)));
    subjectRuns.push(await measure(subject.name, operationsPerRound, () => subject.round(round)));
  }
  return { baseline: addedUp(baselineRuns), subject: addedUp(subjectRuns) };
}

/** Runs of one path as one measurement: their operations and their seconds added up. */
export function addedUp(runs: Measurement[]): Measurement {
  const operations = runs.reduce((sum, run) => sum + run.operations, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return { name: runs[0].name, operations, seconds, perSecond: operations / seconds };
}

export function compare(name: string, subject: Measurement, baseline: Measurement, target: number): Comparison {
  const ratio = subject.perSecond / baseline.perSecond;
  return { name, subject, baseline, ratio, target, met: ratio >= target };
}

export function scratchDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `overgang-bench-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let compiled: string | undefined;

/**
 * The application compiled as `npm start` and the CLI run it, once per bench process, from the working tree; inside
 * the project, so that its packages resolve. Under ts-node each thread first compiles every module it loads (0.7 s
 * at each start), and ts-node loads Node's REPL, which turns on the `domain` module: every callback and event of
 * the process then goes through its wrappers. Neither happens in production.
 */
export function compiledApp(): string {
  if (compiled) return compiled;
  const root = join(__dirname, '..');
  const out = join(root, 'node_modules', '.cache', `overgang-bench-${process.pid}`);
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', out], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) throw new Error('the application does not compile');
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  return (compiled = out);
}

/** The rebuild's helper thread as the service and the CLI start it: from the compiled application. */
export function compiledRebuildThread(): typeof RebuildThread {
  // The compiled module, found at run time: its thread runs the compiled worker, as the service's does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(compiledApp(), 'src', 'projection-engine', 'rebuild-thread')) as typeof import('../src/projection-engine/rebuild-thread')).RebuildThread;
}

/** Writes a bench's results with the process's peak RSS (each bench runs in its own process). */
export function report(file: string, results: { measuredAt: string; results: unknown[] }): void {
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), JSON.stringify({ ...results, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2) + '\n');
}

/** One line of the summary table, whatever the bench: a rate next to its raw baseline, or a latency next to its target. */
export interface SummaryRow {
  path: string;
  rate: number;
  rawRate: number | '-';
  ratio: string;
  target: string;
  met: boolean;
  peakRssMb: number;
}

type RatioResult = { name: string; subject: Measurement & { peakRssMb?: number }; baseline: Measurement; ratio: number; target: number; met: boolean };
type LatencyResult = {
  name: string;
  /** cpuMsPerRequest: the serving process's CPU time (all its threads) over the requests it answered. */
  atTarget: { rate: number; requestsPerSecond: number; p99: number; cpuMsPerRequest?: number | null };
  /** The same requests written by hand, at the same rate, just before and just after. */
  rawAtTarget?: { p99: number; cpuMsPerRequest?: number | null }[];
  highestRateUnderTarget?: number | null;
  capacity?: { requestsPerSecond: number };
  p99TargetMs: number;
  met: boolean;
};

/** "; CPU per request 0.84 ms, 1.8x by hand": what each request costs the service, against the hand-written server's runs. */
function cpuAgainstHand(r: LatencyResult): string {
  const service = r.atTarget.cpuMsPerRequest;
  const byHand = (r.rawAtTarget ?? []).flatMap((run) => (run.cpuMsPerRequest ? [run.cpuMsPerRequest] : []));
  if (!service || byHand.length === 0) return '';
  return `; CPU per request ${service} ms, ${(service / (byHand.reduce((sum, ms) => sum + ms, 0) / byHand.length)).toFixed(2)}x by hand`;
}

export function summaryRows(file: { results: (RatioResult | LatencyResult)[]; peakRssMb?: number }): SummaryRow[] {
  return file.results.map((r) =>
    'baseline' in r
      ? {
          path: r.name,
          rate: Math.round(r.subject.perSecond),
          rawRate: Math.round(r.baseline.perSecond),
          ratio: `${(r.ratio * 100).toFixed(1)} %`,
          target: `${Math.round(r.target * 100)} %`,
          met: r.met,
          peakRssMb: r.subject.peakRssMb ?? file.peakRssMb ?? 0,
        }
      : {
          path:
            `${r.name} (p99 at ${r.atTarget.rate}/s: ${r.atTarget.p99} ms${r.rawAtTarget?.length ? `, by hand ${r.rawAtTarget.map((run) => `${run.p99}`).join(' and ')} ms` : ''}${cpuAgainstHand(r)}; under ${r.p99TargetMs} ms up to ${r.highestRateUnderTarget ? `${r.highestRateUnderTarget}/s` : 'no rate tried'}` +
            `${r.capacity ? `; most served ${Math.round(r.capacity.requestsPerSecond)}/s` : ''})`,
          rate: Math.round(r.atTarget.requestsPerSecond),
          rawRate: '-',
          ratio: '-',
          target: `p99 < ${r.p99TargetMs} ms`,
          met: r.met,
          peakRssMb: file.peakRssMb ?? 0,
        },
  );
}
export function print(comparison: Comparison): void {
  const rate = (m: Measurement) => `${Math.round(m.perSecond).toLocaleString('en')}/s`;
  console.log(
    `${comparison.met ? 'MET ' : 'MISS'} ${comparison.name}: ${rate(comparison.subject)} vs baseline ${rate(comparison.baseline)} ` +
      `= ${(comparison.ratio * 100).toFixed(1)} % (target ${(comparison.target * 100).toFixed(0)} %)`,
  );
}

/** A raw database with the embedded store's schema and file settings: what the baselines write to by hand. */
export function rawEventsDatabase(path: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL);
    CREATE UNIQUE INDEX events_stream_revision ON events (stream_id, revision);
    CREATE UNIQUE INDEX events_id ON events (id);
  `);
  return db;
}
