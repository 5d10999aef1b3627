import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { PROJECTIONS } from '../../projections';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { ProjectionRunner } from '../projection-engine/projection-runner';
import { printOutcome, printRows, say } from './output';
import { UsageError, openStores, positiveInteger } from './shared';

async function projectionsStatus(): Promise<void> {
  const { store, readModels, close } = openStores();
  try {
    const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
    printRows((await engine.status()).map((status) => ({ ...status })));
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

export function projectionCommands(program: Command): void {
  const projections = program.command('projections').description('read models: status and rebuilds');
  projections.command('status').description('checkpoint, version and how far behind the event store each read model is').action(projectionsStatus);
  projections
    .command('rebuild')
    .argument('[name]', 'one projection (default: all)')
    .option('--batch-size <n>', 'events per committed batch', positiveInteger, 2000)
    .description('forget a read model and fold it again from the first event')
    .action(projectionsRebuild);
}
