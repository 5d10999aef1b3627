import { Command } from 'commander';
import { CLOCK } from '../clock/clock.module';
import { ServiceClock } from '../clock/service-clock';
import { validateEnvironment } from '../config/environment';
import { danishDateOf } from '../domain/dates';
import { TransitionState } from '../domain/transition';
import { TransitionCommandHandler } from '../streams/transition-command.handler';
import { DayRunner } from '../transition/day-runner';
import { TransitionScheduleView, scheduleView } from '../transition/transition.dto';
import { CLI_CONTEXT, isoDate, openStores, wholeNumber } from './shared';
import { isJson, printOutcome, printRows } from './output';

/** A day run on demand happens at this time of day (06:00 or 07:00 in Copenhagen): the business date is D. */
const RUN_AT_UTC = '05:00:00Z';

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
  printOutcome(
    view,
    `deadline ${schedule.deadline} (version ${view.deadlineVersion}, ${view.source === 'default' ? 'default dates' : 'set by the agency'})`,
    `reminders ${schedule.reminderDaysBefore.join('/')} days before; final warning ${schedule.finalWarningDaysBefore} day(s) before`,
    `code cards and temporary passwords until ${schedule.codeCardsEnd}; MitID on MitID.dk with NemID until ${schedule.mitIdDkWithNemIdEnd}; public self-service ends ${schedule.publicSelfServiceEnd}; NemID shut down after ${schedule.nemIdShutdown}`,
    ...view.deadlineChanges.map((change) => `moved on ${change.movedOn}: ${change.from} -> ${change.to} (${change.reason})`),
  );
  if (!isJson()) printRows(view.milestones.map((m) => ({ on: m.on, milestone: m.milestone, notice: m.notice, campaign: m.campaignId, passed: m.passed })));
}

async function scheduleSet(options: {
  deadline?: string;
  reminders?: number[];
  finalWarningDays?: number;
  codeCardsEnd?: string;
  mitidDkEnd?: string;
  publicSelfServiceEnd?: string;
  shutdown?: string;
}): Promise<void> {
  await withSchedule(async (handler) => {
    const { state } = await handler.load();
    const current = state.schedule;
    const schedule = {
      deadline: options.deadline ?? current.deadline,
      reminderDaysBefore: options.reminders ?? current.reminderDaysBefore,
      finalWarningDaysBefore: options.finalWarningDays ?? current.finalWarningDaysBefore,
      codeCardsEnd: options.codeCardsEnd ?? current.codeCardsEnd,
      mitIdDkWithNemIdEnd: options.mitidDkEnd ?? current.mitIdDkWithNemIdEnd,
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
  const { AppModule } = await import('../app.module');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    app.get<ServiceClock>(CLOCK).pinTo(new Date(`${options.date}T${RUN_AT_UTC}`));
    const results = await app.get(DayRunner).runDay(options.date);
    printRows(
      results.map(({ milestone, campaign }) => ({
        milestone: milestone.milestone,
        campaign: milestone.campaignId,
        started: milestone.newlyStarted ? 'now' : 'before',
        targeted: campaign.targeted,
        sent: campaign.sent,
        skipped: campaign.skipped,
      })),
      `nothing is due on ${options.date}`,
    );
  } finally {
    await app.close();
  }
}

export function scheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('the transition schedule: show, set, move the deadline, run a day');
  schedule
    .command('show')
    .description('the schedule in force, its deadline moves and its milestones')
    .action(() => withSchedule(async (handler) => (await handler.load()).state));
  schedule
    .command('set')
    .description('set the schedule; options not given keep their current value')
    .option('--deadline <date>', 'the transition deadline (once set, move it with move-deadline)', isoDate)
    .option('--reminders <days>', 'reminder days before the deadline, e.g. 60,30,7', dayList)
    .option('--final-warning-days <days>', 'final warning, days before the deadline', wholeDays)
    .option('--code-cards-end <date>', 'last day a code card or temporary password is sent', isoDate)
    .option('--mitid-dk-end <date>', 'last day NemID can be used to get MitID on MitID.dk', isoDate)
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
}
