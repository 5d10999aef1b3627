import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, Option } from 'commander';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { UsageError, isoDate, positiveInteger, wholeNumber } from './cli/shared';
import { IsoDate, isIsoDate } from './domain/dates';
import { CALIBRATED_FILE, defaultParameters, readParameters } from './simulation/parameters-file';
import { MILESTONE_KINDS, Mark, MilestoneKind, SimulationReport } from './simulation/report';
import { reportLine } from './simulation/report-text';
import { formatFigure } from './simulation/targets';
import { ScheduleRefused, SimulationSchedule, scheduleNamed } from './simulation/schedules';
import { FITTED_PARAMETERS, ParameterName, ParameterValues, ParametersRefused } from './simulation/simulation-parameters';

interface SimulateOptions {
  citizens: number;
  from: IsoDate;
  to: IsoDate;
  seed: number;
  schedule: string;
  out: string;
  compare?: string[];
  keepStore?: string;
  quiet?: boolean;
  progressFile?: string;
  parameters: string;
  calibrate?: boolean;
  rounds: number;
  fit?: string[];
  runs: number;
  scaleTo?: number;
  mark?: string[];
}

/** A store thrown away at the end needs no disk: in memory (Linux's /dev/shm) where there is one. */
function scratchFolder(): string {
  return existsSync(MEMORY_FOLDER) ? MEMORY_FOLDER : tmpdir();
}
const MEMORY_FOLDER = '/dev/shm';

/** The schedule named on the command line, or one line saying why not. */
function scheduleOf(name: string): SimulationSchedule {
  try {
    return scheduleNamed(name);
  } catch (error) {
    if (error instanceof ScheduleRefused) throw new UsageError(error.message);
    throw error;
  }
}

/** The parameters file named on the command line, or one line saying why not. */
function parametersOf(file: string): ParameterValues {
  try {
    return file === CALIBRATED_FILE ? defaultParameters() : readParameters(file);
  } catch (error) {
    if (error instanceof ParametersRefused) throw new UsageError(error.message);
    throw error;
  }
}

/** `--mark 2022-06-30=deadline:original`: a day to report the state at, what it is, and of which schedule. */
function marksOf(marks: string[] = []): Mark[] {
  return marks.map((mark) => {
    const [date, what, schedule] = mark.split(/[=:]/);
    if (!isIsoDate(date) || !MILESTONE_KINDS.includes(what as MilestoneKind) || !schedule)
      throw new UsageError(`--mark ${mark}: give a date, what it is (${MILESTONE_KINDS.join(', ')}) and the schedule, e.g. 2022-06-30=deadline:original`);
    return { date, what: what as MilestoneKind, schedule };
  });
}

function checkOptions(options: SimulateOptions): void {
  if (options.from >= options.to) throw new UsageError(`--from ${options.from} must be before --to ${options.to}`);
  if (options.compare && options.compare.length !== 2) throw new UsageError('--compare takes two schedules, e.g. --compare original real');
  const modes = [options.compare && '--compare', options.calibrate && '--calibrate', (options.runs > 1 || options.scaleTo) && '--runs'].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be combined: give one`);
  if (modes.length > 0 && options.keepStore) throw new UsageError(`--keep-store keeps the store of one run; ${modes[0]} makes several`);
  for (const name of options.compare ?? [options.schedule]) scheduleOf(name);
  if (!options.calibrate) parametersOf(options.parameters);
  marksOf(options.mark);
  fittedOf(options.fit);
}

/** `--fit a b`: the fitted parameters named, or one line naming the one that is not. */
function fittedOf(names?: string[]): ParameterName[] {
  const fitted = FITTED_PARAMETERS.map((p) => p.name);
  const unknown = names?.find((name) => !fitted.includes(name as ParameterName));
  if (unknown) throw new UsageError(`--fit ${unknown}: not a fitted parameter; give some of ${fitted.join(', ')}`);
  return (names as ParameterName[] | undefined) ?? fitted;
}

/** A path as the report shows it: from the project folder when inside it, so a report does not depend on where it ran. */
const shown = (file: string) =>
  resolve(file).startsWith(resolve(CALIBRATED_FILE, '..', '..')) ? relative(resolve(CALIBRATED_FILE, '..', '..'), resolve(file)) : file;

/** One run in this process: a store of its own, every day on the virtual clock, the report written to `out`. */
async function simulateOnce(options: SimulateOptions): Promise<SimulationReport> {
  const schedule = scheduleOf(options.schedule);
  const parameters = parametersOf(options.parameters);
  const dataDir = options.keepStore ? resolve(options.keepStore) : mkdtempSync(join(scratchFolder(), 'overgang-simulation-'));
  // The whole application in this process, driven day by day: no background loops, letters only counted.
  // Keys from the seed: the citizenIds (a keyed hash of the CPR number) order the campaigns and the model's
  // draws, so the same seed must give the same ids. Synthetic people only: these keys protect nothing real.
  const key = (purpose: string) => createHash('sha256').update(`overgang-simulation/${purpose}/${options.seed}`).digest('base64');
  Object.assign(process.env, {
    CPR_HASH_KEY: key('hash'),
    CPR_ENCRYPTION_KEYS: `simulation:${key('encryption')}`,
    CPR_ENCRYPTION_ACTIVE_KEY_ID: 'simulation',
    DATA_DIR: dataDir,
    WORKERS: 'off',
    TRANSITION_SCHEDULER: 'off',
    DIGITAL_POST_CHANNEL: 'counting',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    PROJECTIONS_THREAD: 'on',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  delete process.env.EVENT_STORE_URL;
  delete process.env.CLOCK_START;
  const { NestFactory } = await import('@nestjs/core');
  const { SimulationAppModule } = await import('./simulation.module');
  const { SimulationServices } = await import('./simulation/simulation-services');
  const { Simulation } = await import('./simulation/simulator');
  const { buildReport } = await import('./simulation/report');
  const { writeReport } = await import('./simulation/report-files');
  // Errors only: the development keys it generates into its own temporary folder are expected here.
  const app = await NestFactory.createApplicationContext(SimulationAppModule, { logger: ['error'], abortOnError: false });
  const services = app.get(SimulationServices);
  const bar = options.quiet ? undefined : new SingleBar({ format: 'simulating |{bar}| {value}/{total} days | {day}', hideCursor: true });
  try {
    const started = performance.now();
    let barStarted = false;
    const run = await new Simulation(services, {
      ...options,
      schedule,
      parameters,
      dataDir,
      onDay: (day, index, days) => {
        // For whoever follows the run from outside (the agency's simulations): a week at a time, and the last day.
        if (options.progressFile && (index % 7 === 0 || index === days)) {
          // Whole or not at all for a reader: written aside, then renamed over the last.
          writeFileSync(`${options.progressFile}.part`, JSON.stringify({ day: index, days }));
          renameSync(`${options.progressFile}.part`, options.progressFile);
        }
        if (!barStarted) bar?.start(days, 0, { day });
        barStarted = true;
        bar?.update(index, { day });
      },
    }).run();
    bar?.stop();
    const { state } = await services.transitions.load();
    const report = await buildReport(services.store, {
      ...options,
      schedule: schedule.name,
      transition: state.schedule,
      queue: run.queue,
      refusedByRule: run.refusedByRule,
      needingVisit: run.needingVisit,
      marks: marksOf(options.mark),
      model: { file: existsSync(options.parameters) ? shown(options.parameters) : 'none (the declared values)', values: parameters },
    });
    await writeReport(options.out, report);
    const seconds = (performance.now() - started) / 1000;
    if (!options.quiet) printSummary(report, options.out, seconds);
    return report;
  } finally {
    bar?.stop();
    await app.close();
    if (!options.keepStore) rmSync(dataDir, { recursive: true, force: true });
  }
}

function printSummary(report: SimulationReport, out: string, seconds: number): void {
  const percent = (share: number) => formatFigure('share', share);
  const { parameters: p, totals, atDeadline, atShutdown, citizenService } = report;
  console.log(
    `\n${p.citizens} holders, seed ${p.seed}, schedule ${p.schedule}: ${p.from} to ${p.to} in ${seconds.toFixed(1)} s (peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`,
  );
  console.table({
    [`with MitID at the deadline (${atDeadline.date})`]: { value: `${percent(atDeadline.mitIdShare)}, ${atDeadline.stillOnNemId} still on NemID` },
    [`with MitID at the shutdown (${atShutdown.date})`]: { value: `${percent(atShutdown.mitIdShare)}, ${atShutdown.stillOnNemId} still on NemID` },
    'letters and notices': { value: totals.lettersAll },
    'MitIDs created': { value: totals.mitIdsCreated },
    'NemIDs retired': { value: totals.nemIdsRetired },
    'Citizen Service visits': { value: citizenService.visits },
    'Citizen Service: longest wait': { value: `${citizenService.peakWaitDays} working days (mean ${citizenService.meanWaitDays})` },
    'Citizen Service: gave up on a long wait': { value: citizenService.gaveUp },
  });
  console.table(
    Object.fromEntries(
      report.calibration.map((r) => [
        r.figure,
        {
          reported: formatFigure(r.unit, r.real),
          simulated: formatFigure(r.unit, r.simulated),
          difference: formatFigure(r.unit, r.difference),
        },
      ]),
    ),
  );
  console.log(reportLine(out));
}

const program = new Command('simulate')
  .description('Replay the NemID to MitID transition day by day on a generated population, through the real modules, and report it')
  .option('--citizens <n>', 'NemID holders to generate and import', positiveInteger, 10_000)
  .option('--from <date>', 'first day', isoDate, '2021-08-01')
  .option('--to <date>', 'last day', isoDate, '2023-11-01')
  .option('--seed <n>', 'the same seed gives the same population and the same report', wholeNumber(0, 2 ** 31 - 1), 42)
  .option('--schedule <name>', 'real (the deadline moved on 2022-05-02), original (never moved), or a JSON file (docs/simulation.md)', 'real')
  .option('--compare <schedules...>', 'two schedules side by side on the same population and seed')
  .option('--runs <k>', 'run K seeds (seed, seed + 1, ...), one per core at a time, and report the 10th-90th percentile band', positiveInteger, 1)
  .option('--scale-to <holders>', 'with --runs: state the counts for this many holders (the nation: 5400000)', positiveInteger)
  .option('--parameters <file>', 'the fitted parameters to use (written by --calibrate)', CALIBRATED_FILE)
  .option('--calibrate', 'fit the parameters marked "fit" to the reported figures on the real schedule, and write them to --parameters')
  .option('--rounds <n>', 'with --calibrate: rounds of the coordinate search', positiveInteger, 4)
  .option('--fit <parameters...>', `with --calibrate: fit only these (of ${FITTED_PARAMETERS.map((p) => p.name).join(', ')})`)
  .addOption(
    new Option('--progress-file <path>', 'write the days done to this file as the run goes (with --compare, one file per schedule: <path>.<name>)').hideHelp(),
  )
  .addOption(new Option('--mark <date=what:schedule...>', 'also report the state on these days (--compare passes each schedule its deadlines)').hideHelp())
  .option('--out <dir>', 'where the report goes', 'report')
  .option('--keep-store <dir>', 'keep the event store of the run in this folder (default: a temporary one, removed)')
  .option('--quiet', 'no progress bar and no summary')
  .exitOverride()
  .action(async (options: SimulateOptions) => {
    checkOptions(options);
    const { runSeeds, compareSchedules, calibrateParameters } = await import('./simulation/multi-run');
    if (options.compare)
      await compareSchedules({ ...options, schedules: options.compare.map(scheduleOf), names: options.compare, progressFile: options.progressFile });
    else if (options.calibrate)
      await calibrateParameters({
        ...options,
        start: existsSync(options.parameters) ? parametersOf(options.parameters) : defaultParameters(),
        into: options.parameters,
        only: fittedOf(options.fit),
      });
    else if (options.runs > 1 || options.scaleTo !== undefined) await runSeeds({ ...options, scaleTo: options.scaleTo ?? options.citizens });
    else await simulateOnce(options);
  });

const verbose = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
Logger.overrideLogger(verbose ? ['fatal', 'error', 'warn', 'log', 'debug'] : ['fatal', 'error', 'warn']);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
