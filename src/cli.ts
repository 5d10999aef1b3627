import 'reflect-metadata';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { PROJECTIONS } from '../projections';
import { validateEnvironment } from './config/environment';
import { SqliteEventStore } from './event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from './projection-engine/projection-engine';
import { ProjectionRunner } from './projection-engine/projection-runner';
import { ReadModelStore } from './projection-engine/read-model-store';
import { READ_MODELS_FILE } from './read-models/read-models.module';

/** A mistake the operator can fix: printed as one line, exit code 2. */
class UsageError extends Error {}

function openStores() {
  const environment = validateEnvironment(process.env);
  const store = new SqliteEventStore({ path: join(environment.DATA_DIR, 'events.sqlite'), synchronous: environment.SQLITE_SYNCHRONOUS });
  const readModels = new ReadModelStore(join(environment.DATA_DIR, READ_MODELS_FILE));
  return {
    store,
    readModels,
    close: async () => {
      readModels.close();
      await store.close();
    },
  };
}

const positiveInteger = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return parsed;
};

async function projectionsStatus(): Promise<void> {
  const { store, readModels, close } = openStores();
  try {
    const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
    console.table(await engine.status());
  } finally {
    await close();
  }
}

async function projectionsRebuild(name: string | undefined, options: { batchSize: number }): Promise<void> {
  const definitions = name ? PROJECTIONS.filter((d) => d.name === name) : PROJECTIONS;
  if (definitions.length === 0) throw new UsageError(`unknown projection ${name}; known: ${PROJECTIONS.map((d) => d.name).join(', ')}`);
  const { store, readModels, close } = openStores();
  try {
    const head = Number(await store.headPosition());
    for (const definition of definitions) {
      const bar = new SingleBar({ format: `${definition.name.padEnd(20)} {bar} {percentage}% | {value}/{total} positions | {rate} events/s` }, Presets.shades_classic);
      let events = 0;
      const started = Date.now();
      const runner = new ProjectionRunner(store, readModels, definition, {
        batchSize: options.batchSize,
        onCommitted: (position, count) => {
          events += count;
          bar.update(Math.min(Number(position), head), { rate: Math.round(events / Math.max((Date.now() - started) / 1000, 0.001)) });
        },
        stopOnError: true,
      });
      readModels.reset(definition.name);
      bar.start(head, 0, { rate: 0 });
      runner.start();
      await runner.caughtUp();
      await runner.stop();
      bar.update(head);
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      console.log(`${definition.name}: rebuilt from ${events} events in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await close();
  }
}

export function buildCli(): Command {
  const program = new Command('overgang').description('Operate Overgang from the command line (uses DATA_DIR like the service)');
  program.exitOverride();
  const projections = program.command('projections').description('read models: status and rebuilds');
  projections.command('status').description('checkpoint, version and how far behind the event store each read model is').action(projectionsStatus);
  projections
    .command('rebuild')
    .argument('[name]', 'one projection (default: all)')
    .option('--batch-size <n>', 'events per committed batch', positiveInteger, 2000)
    .description('forget a read model and fold it again from the first event')
    .action(projectionsRebuild);
  return program;
}

buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    console.error(`overgang: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
