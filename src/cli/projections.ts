import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { PROJECTIONS } from '../../projections';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { ProjectionRunner } from '../projection-engine/projection-runner';
import { userInfo } from 'node:os';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { ON_STALL, ON_STALL_NAMES, OnStall, DEAD_LETTER_OWNERS, STALL_ACTIONS, StallAction, actOnStall, setOnStall } from '../read-models/projection-faults';
import { printOutcome, printRows, say } from './output';
import { UsageError, openStores, positiveInteger } from './shared';

async function projectionsStatus(): Promise<void> {
  const { store, readModels, close } = openStores();
  try {
    const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
    printRows(
      (await engine.status()).map(({ stalled, ...status }) => ({
        ...status,
        stalled: stalled ? `${stalled.eventType} at ${stalled.position} (${stalled.failures} failures): ${stalled.error}` : '',
      })),
    );
  } finally {
    await close();
  }
}

async function projectionsRebuild(name: string | undefined, options: { batchSize: number }): Promise<void> {
  const definitions = name ? PROJECTIONS.filter((d) => d.name === name) : PROJECTIONS;
  if (definitions.length === 0) throw new UsageError(`unknown projection ${name}; known: ${PROJECTIONS.map((d) => d.name).join(', ')}`);
  const { store, readModels, rebuildHelper, close } = openStores();
  try {
    const head = Number(await store.headPosition());
    const rebuilt: { name: string; events: number; seconds: number }[] = [];
    for (const definition of definitions) {
      const bar = new SingleBar(
        { format: `${definition.name.padEnd(20)} {bar} {percentage}% | {value}/{total} positions | {rate} events/s` },
        Presets.shades_classic,
      );
      let events = 0;
      const started = Date.now();
      const runner = new ProjectionRunner(store, readModels, definition, {
        batchSize: options.batchSize,
        onCommitted: (position, count) => {
          events += count;
          // A rebuild stream by stream holds its checkpoint at 0 until the end: the events read show how far it is.
          bar.update(Math.min(Math.max(Number(position), events), head), { rate: Math.round(events / Math.max((Date.now() - started) / 1000, 0.001)) });
        },
        stopOnError: true,
        helper: rebuildHelper,
      });
      readModels.reset(definition.name);
      bar.start(head, 0, { rate: 0 });
      runner.start();
      await runner.caughtUp();
      await runner.stop();
      bar.update(head);
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      say(`${definition.name}: rebuilt from ${events} events in ${seconds.toFixed(1)} s`);
      rebuilt.push({ name: definition.name, events, seconds: Number(seconds.toFixed(1)) });
    }
    printOutcome(rebuilt);
  } finally {
    await close();
  }
}

/** The operator at this terminal, as the action is recorded. */
const operator = () => `cli:${userInfo().username}`;

async function withReadModels(work: (readModels: ReadModelStore) => void | Promise<void>): Promise<void> {
  const { readModels, close } = openStores();
  try {
    await work(readModels);
  } finally {
    await close();
  }
}

function deadLetters(name: string | undefined): Promise<void> {
  return withReadModels((readModels) =>
    printRows(
      readModels.faults.list(name).map(({ projection, position, eventType, eventId, failures, state, error, lastFailedAt, decidedBy, decidedAt }) => ({
        projection,
        position,
        eventType,
        eventId,
        failures,
        state,
        error,
        lastFailedAt,
        decided: decidedBy ? `${decidedBy} ${decidedAt}` : '',
      })),
      'no dead letters',
    ),
  );
}

const stallAction = (action: StallAction) => (name: string, options: { by: string }) =>
  withReadModels((readModels) => {
    actOnStall(readModels, name, action, options.by, new Date());
    say(`${name}: ${STALL_ACTIONS[action].en} (recorded as ${options.by})`);
  });

function onStall(name: string, choice: string, options: { by: string }): Promise<void> {
  if (!(ON_STALL as readonly string[]).includes(choice)) throw new UsageError(`on-stall must be one of: ${ON_STALL.join(', ')}`);
  return withReadModels((readModels) => {
    setOnStall(readModels, name, choice as OnStall, options.by, new Date());
    say(`${name}: when an event keeps failing, ${ON_STALL_NAMES[choice as OnStall].en} (recorded as ${options.by})`);
  });
}

export function projectionCommands(program: Command): void {
  const projections = program.command('projections').description('read models: status and rebuilds');
  projections.command('status').description('checkpoint, version and how far behind the event store each read model is').action(projectionsStatus);
  projections
    .command('rebuild')
    .argument('[name]', 'one projection (default: all)')
    .option('--batch-size <n>', 'events per committed batch', positiveInteger, 2000)
    .description('forget a read model and fold it again from the first event')
    .action(projectionsRebuild);
  projections
    .command('dead-letters')
    .argument('[name]', 'one projection, or the delivery (default: all)')
    .description('events a read model could not fold, letters the delivery could not prepare: position, type, error, failures, and what was decided')
    .action(deadLetters);
  for (const action of Object.keys(STALL_ACTIONS) as StallAction[]) {
    projections
      .command(action)
      .argument('<name>', `the stalled projection or delivery (${DEAD_LETTER_OWNERS.join(', ')})`)
      .option('--by <who>', 'who decided, as recorded', operator())
      .description(`${STALL_ACTIONS[action].en}: the event the read model (or the letter the delivery) is stalled on`)
      .action(stallAction(action));
  }
  projections
    .command('on-stall')
    .argument('<name>', 'the projection, or the delivery')
    .argument('<choice>', ON_STALL.map((choice) => `${choice}: ${ON_STALL_NAMES[choice].en}`).join('; '))
    .option('--by <who>', 'who decided, as recorded', operator())
    .description('what the read model (or the delivery) does when an event keeps failing')
    .action(onStall);
}
