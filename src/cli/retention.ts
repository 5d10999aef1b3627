import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { PROJECTIONS } from '../../projections';
import { validateEnvironment } from '../config/environment';
import { RetentionRun } from '../domain/retention';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { Erasures } from '../retention/erasures';
import { Retention } from '../retention/retention';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { RetentionCommandHandler } from '../streams/retention-command.handler';
import { CLI_CONTEXT, isoDate, openStores } from './shared';
import { isJson, printOutcome, printRows } from './output';

/** The retention rule over the stores, with the read models brought up to date first (the service may be stopped). */
async function withRetention<T>(work: (retention: Retention) => Promise<T>): Promise<T> {
  const environment = validateEnvironment(process.env);
  const { store, readModels, keys, clock, close } = openStores();
  try {
    const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
    await engine.start();
    await engine.caughtUp();
    await engine.stop();
    const erasures = new Erasures(new CitizenCommandHandler(store, clock), keys, store);
    await erasures.applyRecorded();
    return await work(new Retention(new RetentionCommandHandler(store, clock), erasures, readModels, environment.RETENTION_YEARS_AFTER_RETIREMENT));
  } finally {
    await close();
  }
}

async function retentionPlan(options: { asOf: string }): Promise<void> {
  const plan = await withRetention(async (retention) => retention.plan(options.asOf));
  printOutcome(
    plan,
    `as of ${plan.asOf}: ${plan.holders} holders whose NemID was retired by ${plan.retiredBy} (${plan.retentionYears} years) would be forgotten`,
  );
  if (!isJson()) printRows(Object.entries(plan.byRetirementYear).map(([year, holders]) => ({ retired: year, holders })));
}

async function retentionRun(options: { asOf: string }): Promise<void> {
  const run = await withRetention(async (retention) => {
    // An unfinished run (stopped, killed) is carried to its end first: one run at a time.
    const unfinished = (await retention.list()).find((r) => r.finishedAt === undefined);
    const started = unfinished ?? (await retention.start(options.asOf, CLI_CONTEXT));
    const bar = new SingleBar(
      { format: `retention as of ${started.asOf} {bar} {percentage}% | {value}/{total} holders forgotten`, stream: process.stderr },
      Presets.shades_classic,
    );
    bar.start(Math.max(started.planned, 1), started.forgotten);
    try {
      return await retention.resume(CLI_CONTEXT, (progress: RetentionRun) => bar.update(progress.forgotten));
    } finally {
      bar.stop();
    }
  });
  if (run) printOutcome(run, `retention run ${run.runId} as of ${run.asOf}: ${run.forgotten} holders forgotten (retired by ${run.retiredBy})`);
}

export function retentionCommands(program: Command): void {
  const retention = program.command('retention').description("the retention rule: forget holders once the period after their NemID's retirement has ended");
  retention
    .command('plan')
    .requiredOption('--as-of <date>', 'the day to apply the rule as of (any day: a plan forgets no one)', isoDate)
    .description('who a run as of that day would forget, by the year their NemID was retired')
    .action(retentionPlan);
  retention
    .command('run')
    .requiredOption('--as-of <date>', 'the day to apply the rule as of (today or before)', isoDate)
    .description('forget them, in batches, with a progress bar; an unfinished run is carried to its end first')
    .action(retentionRun);
}
