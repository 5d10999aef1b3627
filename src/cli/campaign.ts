import { printRecord, say } from './output';
import { Command, InvalidArgumentError } from 'commander';
import { CampaignCommandHandler } from '../streams/campaign-command.handler';
import { CampaignQueries } from '../campaigns/campaign-queries.service';
import { CampaignView } from '../campaigns/campaign.dto';
import { defaultCampaignId } from '../streams/campaign-stream';
import { COHORT_FILTERS, CohortFilter, LETTER_CAMPAIGN_KINDS, LetterCampaignKind, PUBLIC_COHORT_FILTERS } from '../domain/campaign';
import { CLI_CONTEXT, openStores, positiveInteger } from './shared';

/** `--filter key=value`, repeatable: the declared cohort filters, as over HTTP. */
function cohortFilter(value: string, previous: CohortFilter = {}): CohortFilter {
  const [key, raw] = value.split('=', 2);
  const name = PUBLIC_COHORT_FILTERS.find((filter) => filter === key);
  if (!name) throw new InvalidArgumentError(`unknown filter ${key}; use ${PUBLIC_COHORT_FILTERS.join(', ')}`);
  const filter = COHORT_FILTERS[name];
  if (filter.kind === 'status') {
    if (!(filter.values as readonly string[]).includes(raw)) throw new InvalidArgumentError(`${key} must be one of ${filter.values.join(', ')}`);
    return { ...previous, [name]: raw };
  }
  if (raw !== 'true' && raw !== 'false') throw new InvalidArgumentError(`${key} must be true or false`);
  return { ...previous, [name]: raw === 'true' };
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

async function withCampaigns<T>(work: (handler: CampaignCommandHandler, queries: CampaignQueries) => Promise<T>): Promise<T> {
  const { store, readModels, clock, close } = openStores();
  try {
    const handler = new CampaignCommandHandler(store, clock);
    return await work(handler, new CampaignQueries(clock, readModels, handler));
  } finally {
    await close();
  }
}

const printCampaign = (view: CampaignView) => printRecord({ ...view });

async function campaignStart(options: { id?: string; kind: LetterCampaignKind; rate: number; filter?: CohortFilter; startAt?: string }): Promise<void> {
  await withCampaigns(async (handler, queries) => {
    const cohort = options.filter ?? {};
    const campaignId = options.id ?? defaultCampaignId(options.kind, cohort);
    const { appended } = await handler.handle(
      campaignId,
      { type: 'StartCampaign', data: { campaignId, kind: options.kind, cohort, ratePerSecond: options.rate, startAt: options.startAt } },
      CLI_CONTEXT,
    );
    say(
      appended.length > 0
        ? `started campaign ${campaignId}; the service's worker sends the letters`
        : `campaign ${campaignId} already exists with these settings`,
    );
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

export function campaignCommands(program: Command): void {
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
  campaign
    .command('pause')
    .argument('<campaign-id>')
    .description('pause after the step in hand')
    .action((id: string) => campaignCommand('PauseCampaign', id));
  campaign
    .command('resume')
    .argument('<campaign-id>')
    .description('resume where it stopped')
    .action((id: string) => campaignCommand('ResumeCampaign', id));
  campaign
    .command('status')
    .argument('<campaign-id>')
    .description('targeted, sent, skipped, delivered, failed, rate, estimated completion')
    .action(campaignStatus);
}
