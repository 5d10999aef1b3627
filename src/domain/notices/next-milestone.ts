import { CitizenState, citizenDecider } from '../citizen';
import { IsoDate } from '../dates';
import { DomainError } from '../errors';
import { Milestone, TransitionState, milestonesOf } from '../transition';

/**
 * The next milestone that will reach this citizen: the first one from today on whose notice the citizen decider
 * would send them (the same rules the scheduler's campaigns meet), or none.
 */
export function nextMilestoneFor(citizen: CitizenState, transition: TransitionState, now: Date, today: IsoDate): Milestone | undefined {
  return milestonesOf(transition).find((milestone) => {
    if (milestone.on < today) return false;
    try {
      const data = { campaignId: milestone.campaignId, notice: milestone.notice, deadline: milestone.deadline };
      return citizenDecider.decide({ type: 'SendNotice', data, metadata: { now, schedule: transition.schedule } }, citizen).length > 0;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  });
}
