import { NoticeKind } from '../campaign/events';
import { IsoDate, addDays } from '../dates';
import { TransitionState } from './decider';

/**
 * A day the scheduler acts: on `on`, the notice campaign `campaignId` sends `notice` to its
 * cohort. Campaign ids come from (milestone, deadline version): running a day twice starts the
 * same campaigns, and a moved deadline starts new ones for the milestones that move with it.
 */
export interface Milestone {
  milestone: string;
  notice: NoticeKind;
  on: IsoDate;
  campaignId: string;
  /** The deadline in force, which the notices name. */
  deadline: IsoDate;
}

/** Every milestone of the schedule in force, in date order. */
export function milestonesOf(state: TransitionState): Milestone[] {
  const { schedule, deadlineVersion } = state;
  const { deadline } = schedule;
  const at = (milestone: string, notice: NoticeKind, on: IsoDate): Milestone => ({
    milestone,
    notice,
    on,
    campaignId: `notice-${milestone}-v${deadlineVersion}`,
    deadline,
  });
  const finalWarningOn = addDays(deadline, -schedule.finalWarningDaysBefore);
  const milestones = [
    ...schedule.reminderDaysBefore.map((days) => at(`reminder-${days}d`, 'deadline-reminder', addDays(deadline, -days))),
    at('final-warning', 'final-warning', finalWarningOn),
    // Holders without a Danish passport hear before the deadline that it does not apply to them.
    at('keep-nemid', 'keep-nemid', finalWarningOn),
    at('nemid-retired', 'nemid-retired', addDays(deadline, 1)),
    at('nemid-no-longer-needed', 'nemid-no-longer-needed', addDays(schedule.publicSelfServiceEnd, 1)),
    at('nemid-shutdown', 'nemid-shutdown', addDays(schedule.nemIdShutdown, 1)),
  ];
  return milestones.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

/** What is due on day D under the schedule in force: milestones already passed stay done, later ones wait. */
export function dueOn(state: TransitionState, day: IsoDate): Milestone[] {
  return milestonesOf(state).filter((milestone) => milestone.on === day);
}
