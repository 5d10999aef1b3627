import 'reflect-metadata';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { PROJECTIONS } from '../projections';
import { validateEnvironment } from './config/environment';
import { EVENTS_FILE, openEventStore } from './event-store/open-event-store';
import { BackupRefused, backupFile, checkFile } from './storage/store-maintenance';
import { ProjectionEngine } from './projection-engine/projection-engine';
import { ProjectionRunner } from './projection-engine/projection-runner';
import { ReadModelStore } from './projection-engine/read-model-store';
import { randomUUID } from 'node:crypto';
import { CampaignCommandHandler } from './campaigns/campaign-command.handler';
import { CampaignQueries } from './campaigns/campaign-queries.service';
import { COHORT_BOOLEAN_FILTERS, CampaignView } from './campaigns/campaign.dto';
import { defaultCampaignId } from './campaigns/campaign-stream';
import { LETTER_CAMPAIGN_KINDS, LetterCampaignKind } from './domain/campaign';
import { CITIZEN_STATUSES } from './domain/citizen';
import { DomainError } from './domain/errors';
import { READ_MODELS_FILE } from './read-models/read-models.module';
import { CLOCK, clockSettingsOf } from './clock/clock.module';
import { ServiceClock } from './clock/service-clock';
import { danishDateOf, isIsoDate } from './domain/dates';
import { TransitionState } from './domain/transition';
import { TransitionCommandHandler } from './transition/transition-command.handler';
import { TransitionScheduler } from './transition/transition-scheduler';
import { TransitionScheduleView, scheduleView } from './transition/transition.dto';
import { ROLES, Role, isRole } from './auth/roles';
import { mintDevelopmentToken, parseTimeToLive } from './auth/development-tokens';
import { loadTokenSecret } from './auth/token-secret';
import { parseCpr } from './domain/cpr';
import { loadPersonalDataKeys } from './personal-data/keys';
import { CITIZEN_ID_PATTERN, PersonalDataProtector } from './personal-data/personal-data-protector';

/** A day run on demand happens at this time of day (06:00 or 07:00 in Copenhagen): the business date is D. */
const RUN_AT_UTC = '05:00:00Z';

/** A mistake the operator can fix: printed as one line, exit code 2 (so is a DomainError). */
class UsageError extends Error {}

function openStores() {
  const environment = validateEnvironment(process.env);
  const store = openEventStore(environment);
  const readModels = new ReadModelStore(join(environment.DATA_DIR, READ_MODELS_FILE));
  return {
    store,
    readModels,
    clock: new ServiceClock(clockSettingsOf(environment)),
    close: async () => {
      readModels.close();
      await store.close();
    },
  };
}

/** A whole number in a range, as commander parses an option. */
const wholeNumber = (min: number, max?: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || (max !== undefined && parsed > max)) {
    throw new InvalidArgumentError(max === undefined ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`);
  }
  return parsed;
};
const positiveInteger = wholeNumber(1);

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
  const { store, readModels, clock, close } = openStores();
  try {
    new ProjectionEngine(store, readModels, PROJECTIONS); // registers the read models the queries use
    return await work(new CampaignCommandHandler(store, clock), new CampaignQueries(store, clock, readModels));
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

const isoDate = (value: string) => {
  if (!isIsoDate(value)) throw new InvalidArgumentError('must be a calendar date such as 2022-10-31');
  return value;
};

const wholeDays = wholeNumber(0, 365);
/** Comma-separated days before the deadline, e.g. 60,30,7. */
const dayList = (value: string) => value.split(',').map((part) => wholeNumber(1, 365)(part.trim()));

async function withSchedule(work: (handler: TransitionCommandHandler) => Promise<TransitionState>): Promise<void> {
  const { store, clock, close } = openStores();
  try {
    const state = await work(new TransitionCommandHandler(store, clock));
    printSchedule(scheduleView(state, danishDateOf(clock.now())));
  } finally {
    await close();
  }
}

function printSchedule(view: TransitionScheduleView): void {
  const { schedule } = view;
  console.log(`deadline ${schedule.deadline} (version ${view.deadlineVersion}, ${view.source === 'default' ? 'default dates' : 'set by the agency'})`);
  console.log(`reminders ${schedule.reminderDaysBefore.join('/')} days before; final warning ${schedule.finalWarningDaysBefore} day(s) before`);
  console.log(`code cards and temporary passwords until ${schedule.codeCardsEnd}; public self-service ends ${schedule.publicSelfServiceEnd}; NemID shut down after ${schedule.nemIdShutdown}`);
  for (const change of view.deadlineChanges) console.log(`moved on ${change.movedOn}: ${change.from} -> ${change.to} (${change.reason})`);
  console.table(view.milestones.map((m) => ({ on: m.on, milestone: m.milestone, notice: m.notice, campaign: m.campaignId, passed: m.passed })));
}

async function scheduleSet(options: { deadline?: string; reminders?: number[]; finalWarningDays?: number; codeCardsEnd?: string; publicSelfServiceEnd?: string; shutdown?: string }): Promise<void> {
  await withSchedule(async (handler) => {
    const { state } = await handler.load();
    const current = state.schedule;
    const schedule = {
      deadline: options.deadline ?? current.deadline,
      reminderDaysBefore: options.reminders ?? current.reminderDaysBefore,
      finalWarningDaysBefore: options.finalWarningDays ?? current.finalWarningDaysBefore,
      codeCardsEnd: options.codeCardsEnd ?? current.codeCardsEnd,
      publicSelfServiceEnd: options.publicSelfServiceEnd ?? current.publicSelfServiceEnd,
      nemIdShutdown: options.shutdown ?? current.nemIdShutdown,
    };
    return (await handler.handle({ type: 'SetTransitionSchedule', data: { schedule } }, CLI_CONTEXT)).state;
  });
}

async function scheduleMoveDeadline(options: { to: string; reason: string }): Promise<void> {
  await withSchedule(async (handler) => (await handler.handle({ type: 'MoveDeadline', data: { to: options.to, reason: options.reason } }, CLI_CONTEXT)).state);
}

/** Day D on a virtual clock: the whole application in this process, pinned to D, starts, sends and delivers what is due. */
async function scheduleRun(options: { date: string }): Promise<void> {
  // This process does the work itself, in D's time; its own background loops stay off.
  process.env.WORKERS = 'off';
  process.env.TRANSITION_SCHEDULER = 'off';
  process.env.LOG_LEVEL ??= 'warn';
  // A wrong setting is one line here, not the application's start-up error with its stack.
  validateEnvironment(process.env);
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('./app.module');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    app.get<ServiceClock>(CLOCK).pinTo(new Date(`${options.date}T${RUN_AT_UTC}`));
    const results = await app.get(TransitionScheduler).runDay(options.date);
    if (results.length === 0) {
      console.log(`nothing is due on ${options.date}`);
      return;
    }
    console.table(
      results.map(({ milestone, campaign }) => ({
        milestone: milestone.milestone,
        campaign: milestone.campaignId,
        started: milestone.newlyStarted ? 'now' : 'before',
        targeted: campaign.targeted,
        sent: campaign.sent,
        skipped: campaign.skipped,
      })),
    );
  } finally {
    await app.close();
  }
}

const role = (value: string): Role => {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value;
};
const timeToLive = (value: string): number => {
  const seconds = parseTimeToLive(value);
  if (seconds === undefined) throw new InvalidArgumentError('must be a number with s, m, h or d, e.g. 8h');
  return seconds;
};

/** Mints a development token the service (with the same DATA_DIR or AUTH_JWT_SECRET) accepts; prints only the token. */
async function mintToken(options: { role: Role; sub?: string; cpr?: string; ttl: number }): Promise<void> {
  const environment = validateEnvironment(process.env);
  if (environment.AUTH_JWKS_URL) throw new UsageError('AUTH_JWKS_URL is set: tokens come from the identity provider, not from this command');
  if (options.role === 'citizen' ? (options.sub === undefined) === (options.cpr === undefined) : options.sub === undefined) {
    throw new UsageError(options.role === 'citizen' ? 'a citizen token needs --sub <citizenId> or --cpr <cpr-number>, not both' : '--sub <subject> is required');
  }
  if (options.cpr !== undefined && options.role !== 'citizen') throw new UsageError('--cpr is for citizen tokens only');
  let subject = options.sub!;
  if (options.role === 'citizen' && options.cpr !== undefined) {
    const parsed = parseCpr(options.cpr);
    if (!parsed.ok) throw new UsageError(`--cpr ${parsed.reason}`);
    const keys = loadPersonalDataKeys(environment, { production: environment.NODE_ENV === 'production', dataDir: environment.DATA_DIR, warn: () => undefined });
    subject = new PersonalDataProtector(keys).citizenIdFor(parsed.cpr.digits);
  } else if (options.role === 'citizen' && !CITIZEN_ID_PATTERN.test(subject)) {
    throw new UsageError('--sub for a citizen must be their 32-character citizenId');
  }
  const secret = loadTokenSecret(environment.AUTH_JWT_SECRET, { dataDir: environment.DATA_DIR });
  console.log(await mintDevelopmentToken(secret, { roles: [options.role], subject, ttlSeconds: options.ttl, issuer: environment.AUTH_ISSUER, audience: environment.AUTH_AUDIENCE }));
}

function embeddedStoreFiles(): { dataDir: string; events: string; readModels: string } {
  const environment = validateEnvironment(process.env);
  if (environment.EVENT_STORE_URL) throw new UsageError('EVENT_STORE_URL is set: EventStoreDB is checked and backed up with its own tools, not this command');
  return { dataDir: environment.DATA_DIR, events: join(environment.DATA_DIR, EVENTS_FILE), readModels: join(environment.DATA_DIR, READ_MODELS_FILE) };
}

async function storeCheck(): Promise<void> {
  const files = embeddedStoreFiles();
  const results = [files.events, files.readModels].map(checkFile);
  for (const result of results) console.log(`${result.file}: ${result.problem ?? 'ok'}`);
  if (results.some((result) => result.problem)) process.exitCode = 1;
}

async function storeBackup(destination: string): Promise<void> {
  const { events } = embeddedStoreFiles();
  const bar = new SingleBar({ format: 'backup {bar} {percentage}% | {value}/{total} pages', stream: process.stderr }, Presets.shades_classic);
  bar.start(1, 0);
  try {
    const result = await backupFile(events, destination, (copied, total) => {
      bar.setTotal(total);
      bar.update(copied);
    }).catch((error: unknown) => {
      throw error instanceof BackupRefused ? new UsageError(error.message) : error;
    });
    bar.stop();
    if (result.problem) throw new Error(`the copy in ${destination} failed its integrity check: ${result.problem}`);
    console.log(`backed up ${events} to ${destination} (integrity check: ok)`);
  } finally {
    bar.stop();
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

  const schedule = program.command('schedule').description('the transition schedule: show, set, move the deadline, run a day');
  schedule.command('show').description('the schedule in force, its deadline moves and its milestones').action(() => withSchedule(async (handler) => (await handler.load()).state));
  schedule
    .command('set')
    .description('set the schedule; options not given keep their current value')
    .option('--deadline <date>', 'the transition deadline (once set, move it with move-deadline)', isoDate)
    .option('--reminders <days>', 'reminder days before the deadline, e.g. 60,30,7', dayList)
    .option('--final-warning-days <days>', 'final warning, days before the deadline', wholeDays)
    .option('--code-cards-end <date>', 'last day a code card or temporary password is sent', isoDate)
    .option('--public-self-service-end <date>', 'last day of NemID in public self-service', isoDate)
    .option('--shutdown <date>', 'last day NemID works at all', isoDate)
    .action(scheduleSet);
  schedule
    .command('move-deadline')
    .description('move the deadline; every milestone still ahead follows it')
    .requiredOption('--to <date>', 'the new deadline', isoDate)
    .requiredOption('--reason <text>', 'why it moves (recorded)')
    .action(scheduleMoveDeadline);
  schedule
    .command('run')
    .description('run day D now, as if it were D: start, send and deliver what is due (running a day twice sends nothing twice)')
    .requiredOption('--date <date>', 'the day to run', isoDate)
    .action(scheduleRun);

  const storeCommands = program.command('store').description('the embedded store (DATA_DIR): integrity check and online backup');
  storeCommands.command('check').description("SQLite's full integrity check of events.sqlite and read-models.sqlite (exit 1 if damaged)").action(storeCheck);
  storeCommands
    .command('backup')
    .argument('<file>', 'a new file for the copy')
    .description('an online, consistent copy of events.sqlite, taken while the service runs, then checked')
    .action(storeBackup);

  program
    .command('token')
    .description('mint a development bearer token (HS256, the secret in AUTH_JWT_SECRET or DATA_DIR); prints the token only')
    .requiredOption('--role <role>', ROLES.join(', '), role)
    .option('--sub <subject>', "the caller's id (a citizen's is their citizenId)")
    .option('--cpr <cpr-number>', 'citizen tokens: the citizenId is derived from this CPR number (it is not put in the token)')
    .option('--ttl <span>', 'time to live: 30m, 8h, 2d', timeToLive, 8 * 3600)
    .action(mintToken);
  return program;
}

buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Commander has printed its one line (or the help); a mistake in the arguments is a usage error.
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    console.error(`overgang: ${error instanceof Error ? error.message : String(error)}`);
    // Refusals by a rule and bad values are the operator's to fix, like bad arguments.
    process.exit(error instanceof UsageError || error instanceof DomainError ? 2 : 1);
  });
