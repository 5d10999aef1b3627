import { CPR_SHAPE_REFUSED, containsCprShape } from '../cpr';
import { IsoDate, danishDateOf } from '../dates';
import { InvalidCommand, RuleViolated } from '../errors';
import { MoveDeadline, SetTransitionSchedule, TransitionCommand } from './commands';
import { DEFAULT_TRANSITION_SCHEDULE, TransitionEvent, TransitionSchedule } from './events';
import type { Text } from '../text';

export interface DeadlineChange {
  from: IsoDate;
  to: IsoDate;
  reason: string;
  movedOn: IsoDate;
}

/**
 * The schedule in force. Until the agency sets one, the defaults from docs/facts.md apply.
 * `deadlineVersion` counts the deadlines in force so far (1 for the default, +1 per change): notice campaigns are
 * named after it, so a moved deadline sends its reminders again and a repeated run does not.
 */
export interface TransitionState {
  source: 'default' | 'set';
  schedule: TransitionSchedule;
  deadlineVersion: number;
  deadlineChanges: DeadlineChange[];
}

export const initialTransitionState = (): TransitionState => ({
  source: 'default',
  schedule: DEFAULT_TRANSITION_SCHEDULE,
  deadlineVersion: 1,
  deadlineChanges: [],
});

const sameSchedule = (a: TransitionSchedule, b: TransitionSchedule) =>
  a.deadline === b.deadline &&
  a.finalWarningDaysBefore === b.finalWarningDaysBefore &&
  a.codeCardsEnd === b.codeCardsEnd &&
  a.mitIdDkWithNemIdEnd === b.mitIdDkWithNemIdEnd &&
  a.publicSelfServiceEnd === b.publicSelfServiceEnd &&
  a.nemIdShutdown === b.nemIdShutdown &&
  JSON.stringify([...a.reminderDaysBefore].sort((x, y) => y - x)) === JSON.stringify([...b.reminderDaysBefore].sort((x, y) => y - x));

/**
 * schedule-dates-in-order: the deadline comes before the end of public self-service; the last day of code cards
 * and temporary passwords is not after it; and self-service does not outlast the shutdown.
 */
function checkOrder(schedule: TransitionSchedule, field: 'deadline' | 'to'): void {
  if (schedule.deadline >= schedule.publicSelfServiceEnd) {
    throw new InvalidCommand(field, {
      da: `skal ligge før selvbetjeningen lukker (${schedule.publicSelfServiceEnd})`,
      en: `must be before the end of public self-service (${schedule.publicSelfServiceEnd})`,
    });
  }
  if (schedule.codeCardsEnd > schedule.publicSelfServiceEnd) {
    throw new InvalidCommand('codeCardsEnd', {
      da: `må ikke ligge efter, at selvbetjeningen lukker (${schedule.publicSelfServiceEnd})`,
      en: `must not be after the end of public self-service (${schedule.publicSelfServiceEnd})`,
    });
  }
  if (schedule.publicSelfServiceEnd > schedule.nemIdShutdown) {
    throw new InvalidCommand('publicSelfServiceEnd', {
      da: `må ikke ligge efter, at NemID lukker (${schedule.nemIdShutdown})`,
      en: `must not be after the NemID shutdown (${schedule.nemIdShutdown})`,
    });
  }
  if (new Set(schedule.reminderDaysBefore).size !== schedule.reminderDaysBefore.length) {
    throw new InvalidCommand('reminderDaysBefore', { da: 'må ikke gentage en dag', en: 'must not repeat a day' });
  }
  if (schedule.reminderDaysBefore.includes(schedule.finalWarningDaysBefore)) {
    throw new InvalidCommand('finalWarningDaysBefore', { da: 'må ikke falde på en påmindelsesdag', en: 'must not fall on a reminder day' });
  }
}

/** A new deadline before today: what it would reschedule has happened. */
export const DEADLINE_IN_THE_PAST: Text = { da: 'må ikke ligge i fortiden', en: 'must not be in the past' };

function set(command: SetTransitionSchedule, state: TransitionState): TransitionEvent[] {
  const { schedule } = command.data;
  const today = danishDateOf(command.metadata.now);
  if (state.source === 'set' && sameSchedule(state.schedule, schedule)) return [];
  // deadline-moves-with-a-reason: once set, the deadline only moves by MoveDeadline, which records why.
  if (state.source === 'set' && schedule.deadline !== state.schedule.deadline) {
    throw new RuleViolated('deadline-moves-with-a-reason', {
      da: 'fristen er fastsat: flyt den med en begrundelse (POST /api/v1/transition-schedule/deadline)',
      en: 'the deadline is set: move it with a reason (POST /api/v1/transition-schedule/deadline)',
    });
  }
  checkOrder(schedule, 'deadline');
  return [
    {
      type: 'TransitionScheduleSet',
      data: { schedule: { ...schedule, reminderDaysBefore: [...schedule.reminderDaysBefore].sort((a, b) => b - a) }, setOn: today },
    },
  ];
}

function move(command: MoveDeadline, state: TransitionState): TransitionEvent[] {
  const { to, reason } = command.data;
  const today = danishDateOf(command.metadata.now);
  const from = state.schedule.deadline;
  if (to === from) return [];
  // deadline-passed-stays-passed: the retirements after it have happened.
  if (from < today)
    throw new RuleViolated('deadline-passed-stays-passed', {
      da: `fristen ${from} er overskredet; den kan ikke længere flyttes`,
      en: `the deadline ${from} has passed; it can no longer be moved`,
    });
  if (to < today) throw new InvalidCommand('to', DEADLINE_IN_THE_PAST);
  if (reason.trim() === '') throw new InvalidCommand('reason', { da: 'skal sige, hvorfor fristen flyttes', en: 'must say why the deadline moves' });
  // The reason is shown to agency and support staff for as long as the schedule exists.
  if (containsCprShape(reason)) throw new InvalidCommand('reason', CPR_SHAPE_REFUSED);
  checkOrder({ ...state.schedule, deadline: to }, 'to');
  const moved: TransitionEvent = { type: 'DeadlineMoved', data: { from, to, reason, movedOn: today } };
  // The stream records the schedule the move applies to, also when it was still the default.
  return state.source === 'default' ? [{ type: 'TransitionScheduleSet', data: { schedule: state.schedule, setOn: today } }, moved] : [moved];
}

export function decide(command: TransitionCommand, state: TransitionState): TransitionEvent[] {
  switch (command.type) {
    case 'SetTransitionSchedule':
      return set(command, state);
    case 'MoveDeadline':
      return move(command, state);
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${(exhaustive as { type: string }).type}`);
    }
  }
}

export function evolve(state: TransitionState, event: TransitionEvent): TransitionState {
  switch (event.type) {
    case 'TransitionScheduleSet': {
      // A first schedule with another deadline than the default is a new deadline too.
      const newDeadline = event.data.schedule.deadline !== state.schedule.deadline;
      const { schedule } = event.data;
      return { ...state, source: 'set', schedule, deadlineVersion: state.deadlineVersion + (newDeadline ? 1 : 0) };
    }
    case 'DeadlineMoved':
      return {
        ...state,
        schedule: { ...state.schedule, deadline: event.data.to },
        deadlineVersion: state.deadlineVersion + 1,
        deadlineChanges: [...state.deadlineChanges, event.data],
      };
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}
