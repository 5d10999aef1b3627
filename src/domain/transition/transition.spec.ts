import { IsoDate, addDays } from '../dates';
import { InvalidCommand } from '../errors';
import { deciderSpec } from '../../../test/support/decider-spec';
import {
  DEFAULT_TRANSITION_SCHEDULE,
  TRANSITION_EVENTS,
  TransitionCommand,
  TransitionEvent,
  TransitionSchedule,
  TransitionState,
  dueOn,
  milestonesOf,
  transitionDecider,
} from '.';

const given = deciderSpec<TransitionCommand, TransitionEvent, TransitionState>(transitionDecider);
const on = (date: IsoDate) => ({ now: new Date(`${date}T10:00:00Z`) });
const set = (schedule: Partial<TransitionSchedule>, date = '2021-09-01'): TransitionCommand => ({
  type: 'SetTransitionSchedule',
  data: { schedule: { ...DEFAULT_TRANSITION_SCHEDULE, ...schedule } },
  metadata: on(date),
});
const move = (to: IsoDate, date: IsoDate, reason = 'pressure on Citizen Service'): TransitionCommand => ({
  type: 'MoveDeadline',
  data: { to, reason },
  metadata: on(date),
});
const scheduleSet = (schedule: Partial<TransitionSchedule> = {}, setOn = '2021-09-01'): TransitionEvent => ({
  type: 'TransitionScheduleSet',
  data: { schedule: { ...DEFAULT_TRANSITION_SCHEDULE, ...schedule }, setOn },
});
/** The real move (docs/facts.md): on 2022-05-02 the deadline moved from 2022-06-30 to 2022-10-31. */
const realMove: TransitionEvent = {
  type: 'DeadlineMoved',
  data: { from: '2022-06-30', to: '2022-10-31', reason: 'pressure on Citizen Service', movedOn: '2022-05-02' },
};
const stateOf = (events: TransitionEvent[]) => events.reduce(transitionDecider.evolve, transitionDecider.initialState());
const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidCommand) return error.field;
    throw error;
  }
  return undefined;
};

/** Every day from `from` to `to` with what is due, as "date notice campaignId". */
function replay(state: TransitionState, from: IsoDate, to: IsoDate): string[] {
  const due: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) for (const m of dueOn(state, day)) due.push(`${day} ${m.notice} ${m.campaignId}`);
  return due;
}

describe('transition schedule decider', () => {
  it('the defaults from docs/facts.md apply until the agency sets a schedule', () => {
    expect(transitionDecider.initialState()).toMatchObject({
      source: 'default',
      deadlineVersion: 1,
      schedule: { deadline: '2022-06-30', nemIdShutdown: '2023-10-31' },
    });
  });

  it('sets a schedule (reminder days kept largest first), and the same schedule again changes nothing', () => {
    given([])
      .when(set({ reminderDaysBefore: [7, 60, 30] }))
      .then([scheduleSet({ reminderDaysBefore: [60, 30, 7] })]);
    given([scheduleSet()])
      .when(set({ reminderDaysBefore: [7, 30, 60] }))
      .thenNothingHappens();
  });

  it('rule deadline-moves-with-a-reason: once set, a PUT cannot change the deadline', () =>
    given([scheduleSet()])
      .when(set({ deadline: '2022-10-31' }))
      .thenRefusedBy('deadline-moves-with-a-reason'));

  it('other dates change without moving the deadline', () =>
    given([scheduleSet()])
      .when(set({ nemIdShutdown: '2023-06-30' }, '2022-01-10'))
      .then([scheduleSet({ nemIdShutdown: '2023-06-30' }, '2022-01-10')]));

  it('rule schedule-dates-in-order: the deadline before the end of public self-service, that not after the shutdown', () => {
    const decide = (command: TransitionCommand) => () => transitionDecider.decide(command, transitionDecider.initialState());
    expect(fieldOf(decide(set({ deadline: '2023-07-01' })))).toBe('deadline');
    expect(fieldOf(decide(set({ publicSelfServiceEnd: '2023-11-01' })))).toBe('publicSelfServiceEnd');
    expect(fieldOf(decide(set({ reminderDaysBefore: [30, 30] })))).toBe('reminderDaysBefore');
    expect(fieldOf(decide(set({ finalWarningDaysBefore: 7 })))).toBe('finalWarningDaysBefore');
    expect(fieldOf(decide(move('2023-07-01', '2022-05-02')))).toBe('to');
    expect(fieldOf(decide(set({ codeCardsEnd: '2023-07-01' })))).toBe('codeCardsEnd');
  });

  it('the last day of code cards is a date of the schedule: 2023-05-30 by default, changed like the others', () => {
    expect(transitionDecider.initialState().schedule.codeCardsEnd).toBe('2023-05-30');
    given([scheduleSet()])
      .when(set({ codeCardsEnd: '2023-06-15' }, '2022-01-10'))
      .then([scheduleSet({ codeCardsEnd: '2023-06-15' }, '2022-01-10')]);
  });

  it('a schedule stored before the code-card and MitID.dk dates existed reads with the defaults for them', () => {
    const { codeCardsEnd: _, mitIdDkWithNemIdEnd: __, ...older } = DEFAULT_TRANSITION_SCHEDULE;
    const state = stateOf([TRANSITION_EVENTS.read({ type: 'TransitionScheduleSet', data: { schedule: older, setOn: '2021-09-01' } })!]);
    expect([state.schedule.codeCardsEnd, state.schedule.mitIdDkWithNemIdEnd]).toEqual(['2023-05-30', '2023-06-04']);
    const withCards = stateOf([
      TRANSITION_EVENTS.read({ type: 'TransitionScheduleSet', data: { schedule: { ...older, codeCardsEnd: '2023-06-01' }, setOn: '2021-09-01' } })!,
    ]);
    expect([withCards.schedule.codeCardsEnd, withCards.schedule.mitIdDkWithNemIdEnd]).toEqual(['2023-06-01', '2023-06-04']);
  });

  it('moves the deadline from the defaults: the stream records the schedule it applies to, then the move', () =>
    given([])
      .when(move('2022-10-31', '2022-05-02'))
      .then([scheduleSet({}, '2022-05-02'), realMove]));

  it('moving to the deadline in force changes nothing (a retried request)', () =>
    given([scheduleSet(), realMove]).when(move('2022-10-31', '2022-05-03')).thenNothingHappens());

  it('a move to the past is refused naming `to`', () => {
    expect(fieldOf(() => transitionDecider.decide(move('2022-05-01', '2022-05-02'), stateOf([scheduleSet()])))).toBe('to');
  });

  it('a move needs a reason', () => {
    expect(fieldOf(() => transitionDecider.decide(move('2022-10-31', '2022-05-02', ' '), stateOf([scheduleSet()])))).toBe('reason');
  });

  it('rule no-cpr-in-free-text: a reason holding anything shaped like a CPR number is refused, naming the field', () => {
    given([scheduleSet()])
      .when(move('2022-10-31', '2022-05-02', 'asked by 160168-2195'))
      .thenInvalid('reason');
    given([scheduleSet()])
      .when(move('2022-10-31', '2022-05-02', 'asked by 3201682195'))
      .thenInvalid('reason');
  });

  it('rule deadline-passed-stays-passed: a deadline that has passed is not moved', () =>
    given([scheduleSet()]).when(move('2022-12-31', '2022-07-01')).thenRefusedBy('deadline-passed-stays-passed'));

  it('each deadline in force gets a version: 1 for the first, 2 after the move; a first schedule with another deadline counts too', () => {
    expect(stateOf([scheduleSet(), realMove])).toMatchObject({ deadlineVersion: 2, schedule: { deadline: '2022-10-31' }, deadlineChanges: [realMove.data] });
    expect(stateOf([scheduleSet({ deadline: '2022-10-31' })]).deadlineVersion).toBe(2);
  });
});

describe('what is due on day D (the real 2022 dates)', () => {
  it('with the original deadline 2022-06-30: reminders 60/30/7 days before, the final warning the day before, retirement the day after', () => {
    expect(replay(stateOf([scheduleSet()]), '2022-04-01', '2022-07-31')).toEqual([
      '2022-05-01 deadline-reminder notice-reminder-60d-v1',
      '2022-05-31 deadline-reminder notice-reminder-30d-v1',
      '2022-06-23 deadline-reminder notice-reminder-7d-v1',
      '2022-06-29 final-warning notice-final-warning-v1',
      '2022-06-29 keep-nemid notice-keep-nemid-v1',
      '2022-07-01 nemid-retired notice-nemid-retired-v1',
    ]);
  });

  it('the move on 2022-05-02 reschedules every milestone still ahead; the reminder of 2022-05-01 stays done', () => {
    const before = stateOf([scheduleSet()]);
    const after = stateOf([scheduleSet(), realMove]);
    const days = [...replay(before, '2021-09-01', '2022-05-01'), ...replay(after, '2022-05-02', '2023-11-01')];
    expect(days).toEqual([
      '2022-05-01 deadline-reminder notice-reminder-60d-v1',
      '2022-09-01 deadline-reminder notice-reminder-60d-v2',
      '2022-10-01 deadline-reminder notice-reminder-30d-v2',
      '2022-10-24 deadline-reminder notice-reminder-7d-v2',
      '2022-10-30 final-warning notice-final-warning-v2',
      '2022-10-30 keep-nemid notice-keep-nemid-v2',
      '2022-11-01 nemid-retired notice-nemid-retired-v2',
      '2023-07-01 nemid-no-longer-needed notice-nemid-no-longer-needed-v2',
      '2023-11-01 nemid-shutdown notice-nemid-shutdown-v2',
    ]);
  });

  it('every milestone names the deadline in force', () => {
    expect(new Set(milestonesOf(stateOf([scheduleSet(), realMove])).map((m) => m.deadline))).toEqual(new Set(['2022-10-31']));
  });

  it('nothing is due on an ordinary day', () => expect(dueOn(stateOf([]), '2022-08-15')).toEqual([]));
});
