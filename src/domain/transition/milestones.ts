import { NoticeKind } from '../campaign/events';
import { CAMPAIGN_KIND_NAMES } from '../campaign/names';
import type { Text } from '../text';
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

/** A milestone as the agency and support read it: its notice, and for a reminder how long before the deadline. */
export function milestoneName(milestone: Pick<Milestone, 'milestone' | 'notice'>): Text {
  const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const notice = CAMPAIGN_KIND_NAMES[milestone.notice];
  const days = /^reminder-(\d+)d$/.exec(milestone.milestone)?.[1];
  const after = (language: 'da' | 'en') => (days === undefined ? '' : language === 'da' ? `, ${days} dage før` : `, ${days} days before`);
  return { da: `${capitalized(notice.da)}${after('da')}`, en: `${capitalized(notice.en)}${after('en')}` };
}
