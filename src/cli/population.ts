import { Presets, SingleBar } from 'cli-progress';
import { isJson, printOutcome, printRecord, printRows } from './output';
import { Command, InvalidArgumentError } from 'commander';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { redactCprNumbers } from '../domain/cpr';
import { textOf } from '../domain/text';
import { IMPORT_ID_PATTERN, ImportCounts, RegisterFileFormat } from '../domain/population';
import { validateEnvironment } from '../config/environment';
import { loadPersonalDataKeys } from '../personal-data/keys';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { PersonalDataProtector } from '../personal-data/personal-data-protector';
import { PopulationImporter } from '../population/population-importer';
import { generatePopulation, registerHeader, registerLine } from '../population/population-generator';
import { importView, rejectsCsv } from '../population/import-view';
import { RegisterFileRefused, inspectRegisterFile } from '../population/register-file';
import { DataDisk, retryWhileDiskFull } from '../storage/data-disk';
import { TransitionCommandHandler } from '../streams/transition-command.handler';
import { CLI_CONTEXT, UsageError, isoDate, openStores, positiveInteger, wholeNumber } from './shared';

const registerFormat = (value: string): RegisterFileFormat => {
  if (value !== 'csv' && value !== 'ndjson') throw new InvalidArgumentError('must be csv or ndjson');
  return value;
};

const importId = (value: string) => {
  if (!IMPORT_ID_PATTERN.test(value)) throw new InvalidArgumentError('must be an import id as printed by population import (a-z, 2-7)');
  return value;
};

async function withImporter<T>(work: (importer: PopulationImporter) => Promise<T>): Promise<T> {
  const environment = validateEnvironment(process.env);
  const keys = loadPersonalDataKeys(environment, { production: environment.NODE_ENV === 'production', dataDir: environment.DATA_DIR, warn: () => undefined });
  const { store, keys: citizenKeys, clock, close } = openStores();
  try {
    const schedule = new TransitionCommandHandler(store, clock);
    const cipher = new CitizenCipher(new PersonalDataProtector(keys), citizenKeys);
    return await work(new PopulationImporter(store, cipher, clock, async () => (await schedule.load()).state.schedule));
  } finally {
    await close();
  }
}

const summary = (counts: ImportCounts) =>
  `${counts.read} rows read, ${counts.imported} imported, ${counts.alreadyPresent} already present, ${counts.rejected} rejected`;

/** `-` is read to a scratch file first: the file is checked whole before anything is imported, then read again. */
async function fileOf(path: string): Promise<{ path: string; name: string; remove: () => void }> {
  if (path !== '-') {
    try {
      if (!statSync(path).isFile()) throw new UsageError(`${redactCprNumbers(path)} is not a file`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot read ${redactCprNumbers(path)}: ${(error as { code?: string }).code ?? String(error)}`);
    }
    return { path, name: basename(path), remove: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'overgang-import-'));
  const spooled = join(dir, 'stdin');
  await pipeline(process.stdin, createWriteStream(spooled));
  return { path: spooled, name: 'stdin', remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function populationImport(path: string, options: { format?: RegisterFileFormat; dryRun?: boolean }): Promise<void> {
  const source = await fileOf(path);
  try {
    let file;
    try {
      file = await inspectRegisterFile(source.path, { format: options.format, name: source.name });
    } catch (error) {
      if (error instanceof RegisterFileRefused) throw new UsageError(`${redactCprNumbers(source.name)}: ${error.message}; nothing was imported`);
      throw error;
    }
    await withImporter(async (importer) => {
      const bar = new SingleBar(
        { format: `${options.dryRun ? 'checking' : 'importing'} {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`, etaBuffer: 50 },
        Presets.shades_classic,
      );
      const started = Date.now();
      const show = (bytesDone: number, rowsDone: number, rowsThisRun: number) =>
        bar.update(bytesDone, { rows: rowsDone, rate: Math.round(rowsThisRun / Math.max((Date.now() - started) / 1000, 0.001)) });
      if (options.dryRun) {
        bar.start(file.bytes, 0, { rows: 0, rate: 0 });
        const report = await importer.dryRun(file, (counts, through) => show(through.byte, counts.read, counts.read));
        bar.stop();
        const shown = report.rejects.slice(0, 20).map((reject) => `line ${reject.line}: ${reject.field} ${textOf(reject.reason).en}`);
        const more = report.rejects.length > 20 ? [`... and ${report.rejects.length - 20} more`] : [];
        printOutcome(
          { importId: file.importId, dryRun: true, counts: report.counts, rejects: report.rejects },
          `dry run of ${file.name} (nothing written): ${summary(report.counts)}`.replace('imported', 'would be imported'),
          ...shown,
          ...more,
        );
        return;
      }
      const before = await importer.load(file.importId);
      if (before.state.status === 'completed') {
        printOutcome(
          { importId: file.importId, status: 'completed', before: true, totals: before.state.totals },
          `${file.name} was imported before as ${file.importId}; nothing new: ${summary(before.state.totals)}`,
        );
        return;
      }
      const readBefore = before.state.status === 'running' ? before.state.totals.read : 0;
      if (before.state.status === 'running') console.error(`resuming import ${file.importId} after line ${before.state.cursor.line}`);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
      bar.start(file.bytes, before.state.status === 'running' ? before.state.cursor.byte : 0, { rows: readBefore, rate: 0 });
      try {
        const state = await retryWhileDiskFull(
          () =>
            importer.run({
              file,
              context: CLI_CONTEXT,
              signal: stop.signal,
              onBatch: (progress) => progress.status !== 'not-started' && show(progress.cursor.byte, progress.totals.read, progress.totals.read - readBefore),
            }),
          {
            signal: stop.signal,
            onWait: (waiting) =>
              console.error(
                waiting
                  ? '\nwaiting: the data disk is full; the import goes on by itself once there is room (Ctrl-C stops it)'
                  : 'the data disk has room again: importing',
              ),
          },
        );
        bar.stop();
        if (state.status !== 'completed') {
          const line = state.status === 'running' ? state.cursor.line : 0;
          printOutcome(
            { importId: file.importId, status: 'stopped', afterLine: line },
            `stopped import ${file.importId} after line ${line}; run the same command to continue`,
          );
          process.exitCode = 130;
          return;
        }
        const rejectedRows = state.totals.rejected > 0 ? [`rejected rows: npx overgang population rejects ${file.importId}`] : [];
        printOutcome(
          { importId: file.importId, status: 'completed', totals: state.totals },
          `imported ${file.name} as ${file.importId}: ${summary(state.totals)}`,
          ...rejectedRows,
        );
      } finally {
        bar.stop();
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      }
    });
  } finally {
    source.remove();
  }
}

async function populationStatus(id: string): Promise<void> {
  await withImporter(async (importer) => {
    const { state } = await importer.load(id);
    if (state.status === 'not-started') throw new UsageError(`no import ${id}`);
    // A running import makes no progress while the data disk has no room: whoever runs it waits for some.
    const diskFull = state.status === 'running' && !new DataDisk(validateEnvironment(process.env).DATA_DIR).report().writable;
    printRecord({ ...importView(state, diskFull ? 'disk-full' : null) });
  });
}

async function populationRejects(id: string): Promise<void> {
  await withImporter(async (importer) => {
    const { state } = await importer.load(id);
    if (state.status === 'not-started') throw new UsageError(`no import ${id}`);
    if (isJson()) {
      const rejects = [];
      for await (const reject of importer.rejects(id)) rejects.push({ ...reject, reason: textOf(reject.reason).en });
      printRows(rejects);
      return;
    }
    for await (const text of rejectsCsv(importer.rejects(id), 'en')) {
      if (!process.stdout.write(text)) await once(process.stdout, 'drain');
    }
  });
}

async function populationGenerate(options: { citizens: number; seed: number; format: RegisterFileFormat; out?: string; asOf?: string }): Promise<void> {
  const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(registerHeader(options.format) + '\n');
  let chunk = '';
  for (const record of generatePopulation({ citizens: options.citizens, seed: options.seed, asOf: options.asOf })) {
    chunk += registerLine(record, options.format) + '\n';
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  if (options.out) {
    out.end();
    await once(out, 'finish');
    console.error(`wrote ${options.citizens} NemID holders to ${options.out}`);
  }
}

export function populationCommands(program: Command): void {
  const population = program.command('population').description('the NemID register: import it, or generate a synthetic one');
  population
    .command('import')
    .argument('<file>', 'a register file (docs/population-format.md), or - for standard input')
    .option('--format <format>', 'csv or ndjson (default: from the first line)', registerFormat)
    .option('--dry-run', 'check every row and report, without writing anything')
    .description('import NemID holders; killed or stopped, the same command continues where the last committed batch ended')
    .action(populationImport);
  population
    .command('status')
    .argument('<import-id>', 'as printed by import', importId)
    .description('rows read, imported, already present, rejected, rate')
    .action(populationStatus);
  population
    .command('rejects')
    .argument('<import-id>', 'as printed by import', importId)
    .description('the rejected rows as CSV: line, field, reason')
    .action(populationRejects);
  population
    .command('generate')
    .requiredOption('--citizens <n>', 'how many NemID holders', positiveInteger)
    .option('--seed <n>', 'the same seed gives the same population', wholeNumber(0, 2 ** 31 - 1), 42)
    .option('--format <format>', 'csv or ndjson', registerFormat, 'csv' as RegisterFileFormat)
    .option('--out <file>', 'default: standard output')
    .option('--as-of <date>', 'the day the register is read (ages and issue dates are before it)', isoDate)
    .description('write a synthetic NemID register (src/population/population-parameters.ts says where each share comes from)')
    .action(populationGenerate);
}
