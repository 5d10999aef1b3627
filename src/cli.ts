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
import { randomUUID } from 'node:crypto';
import { CampaignCommandHandler } from './campaigns/campaign-command.handler';
import { CampaignQueries } from './campaigns/campaign-queries.service';
import { COHORT_BOOLEAN_FILTERS, CampaignView } from './campaigns/campaign.dto';
import { defaultCampaignId } from './campaigns/campaign-stream';
import { SystemClock } from './clock/clock.module';
import { LETTER_CAMPAIGN_KINDS, LetterCampaignKind } from './domain/campaign';
import { CITIZEN_STATUSES } from './domain/citizen';
import { DomainError } from './domain/errors';
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


/** `--filter key=value`, repeatable: the same filters as the HTTP cohort. */
function cohortFilter(value: string, previous: Record<string, string | boolean> = {}): Record<string, string | boolean> {
  const [key, raw] = value.split('=', 2);
  if (key === 'status') {
    if (!(CITIZEN_STATUSES as readonly string[]).includes(raw)) throw new InvalidArgumentError(`status must be one of ${CITIZEN_STATUSES.join(', ')}`);
    return { ...previous, status: raw };
  }
  if (!(COHORT_BOOLEAN_FILTERS as readonly string[]).includes(key)) {
    throw new InvalidArgumentError(`unknown filter ${key}; use status or ${COHORT_BOOLEAN_FILTERS.join(', ')}`);
  }
  if (raw !== 'true' && raw !== 'false') throw new InvalidArgumentError(`${key} must be true or false`);
  return { ...previous, [key]: raw === 'true' };
}

const isoInstant = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('must be an ISO-8601 instant such as 2021-10-04T08:00:00Z');
  }
  return value;
};

const campaignKind = (value: string) => {
  if (!(LETTER_CAMPAIGN_KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${LETTER_CAMPAIGN_KINDS.join(', ')}`);
  return value as LetterCampaignKind;
};

const CLI_CONTEXT = { actor: { role: 'agency', subject: 'cli' }, correlationId: randomUUID() };

async function withCampaigns<T>(work: (handler: CampaignCommandHandler, queries: CampaignQueries) => Promise<T>): Promise<T> {
  const { store, readModels, close } = openStores();
  try {
    new ProjectionEngine(store, readModels, PROJECTIONS); // registers the read models the queries use
    const clock = new SystemClock();
    return await work(new CampaignCommandHandler(store, clock), new CampaignQueries(store, clock, readModels));
  } catch (error) {
    // Refusals and bad values are the operator's to fix: one line, exit 2.
    if (error instanceof DomainError) throw new UsageError(error.message);
    throw error;
  } finally {
    await close();
  }
}

const printCampaign = (view: CampaignView) => console.table({ ...view, cohort: JSON.stringify(view.cohort) });

async function campaignStart(options: { id?: string; kind: LetterCampaignKind; rate: number; filter?: Record<string, string | boolean>; startAt?: string }): Promise<void> {
  await withCampaigns(async (handler, queries) => {
    const cohort = options.filter ?? {};
    const campaignId = options.id ?? defaultCampaignId(options.kind, cohort);
    const { appended } = await handler.handle(
      campaignId,
      { type: 'StartCampaign', data: { campaignId, kind: options.kind, cohort, ratePerSecond: options.rate, startAt: options.startAt } },
      CLI_CONTEXT,
    );
    console.log(appended.length > 0 ? `started campaign ${campaignId}; the service's worker sends the letters` : `campaign ${campaignId} already exists with these settings`);
    printCampaign(await queries.view(campaignId));
  });
}

async function campaignCommand(type: 'PauseCampaign' | 'ResumeCampaign', campaignId: string): Promise<void> {
  await withCampaigns(async (handler, queries) => {
    await handler.handle(campaignId, { type, data: {} }, CLI_CONTEXT);
    printCampaign(await queries.view(campaignId));
  });
}

async function campaignStatus(campaignId: string): Promise<void> {
  await withCampaigns(async (_, queries) => printCampaign(await queries.view(campaignId)));
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

  const campaign = program.command('campaign').description('letter campaigns: start, pause, resume, status');
  campaign
    .command('start')
    .description('start a campaign (the same settings again are the same campaign)')
    .requiredOption('--kind <kind>', `one of ${LETTER_CAMPAIGN_KINDS.join(', ')}`, campaignKind)
    .requiredOption('--rate <letters-per-second>', 'letters per second at most', positiveInteger)
    .option('--filter <key=value>', 'cohort filter on citizen-status, repeatable (e.g. digitalPostExempt=true)', cohortFilter)
    .option('--start-at <instant>', 'ISO-8601 instant (default now)', isoInstant)
    .option('--id <campaign-id>', 'default: derived from kind and cohort')
    .action(campaignStart);
  campaign.command('pause').argument('<campaign-id>').description('pause after the step in hand').action((id: string) => campaignCommand('PauseCampaign', id));
  campaign.command('resume').argument('<campaign-id>').description('resume where it stopped').action((id: string) => campaignCommand('ResumeCampaign', id));
  campaign.command('status').argument('<campaign-id>').description('targeted, sent, skipped, delivered, failed, rate, estimated completion').action(campaignStatus);
  return program;
}

buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Commander has printed its one line (or the help); a mistake in the arguments is a usage error.
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    console.error(`overgang: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
