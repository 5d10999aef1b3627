import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CampaignCommandHandler } from '../streams/campaign-command.handler';
import { Environment } from '../config/environment';
import { IsoDate } from '../domain/dates';
import { Milestone, dueOn } from '../domain/transition';
import { CommandContext } from '../streams/command-handler';
import { TransitionCommandHandler } from '../streams/transition-command.handler';

export interface StartedMilestone extends Milestone {
  /** False when the campaign already existed: the day had run before, and nothing is sent twice. */
  newlyStarted: boolean;
}

const SCHEDULER_ACTOR = { role: 'system', subject: 'transition-scheduler' };

/**
 * Runs a day of the transition schedule: starts the notice campaign of every milestone due that
 * day. The campaign ids come from (milestone, deadline version), so a second run of the same
 * day, or a run in another process at the same time, starts nothing new.
 */
@Injectable()
export class TransitionScheduler {
  constructor(
    private readonly schedule: TransitionCommandHandler,
    private readonly campaigns: CampaignCommandHandler,
    @Inject(ConfigService) private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Starts the campaigns due on `day`; the workers, woken by the campaigns' start, send them. */
  async startDue(day: IsoDate): Promise<StartedMilestone[]> {
    const { state } = await this.schedule.load();
    const context: CommandContext = { actor: SCHEDULER_ACTOR, correlationId: `transition-day-${day}` };
    const started: StartedMilestone[] = [];
    for (const milestone of dueOn(state, day)) {
      // Already started (an earlier run of this day): left as it is, even if NOTICE_RATE_PER_SECOND changed since.
      if ((await this.campaigns.load(milestone.campaignId)).state.status !== 'none') {
        started.push({ ...milestone, newlyStarted: false });
        continue;
      }
      const { appended } = await this.campaigns.handle(
        milestone.campaignId,
        {
          type: 'StartCampaign',
          data: {
            campaignId: milestone.campaignId,
            kind: milestone.notice,
            cohort: {},
            ratePerSecond: this.config.get('NOTICE_RATE_PER_SECOND', { infer: true }),
            deadline: milestone.deadline,
          },
        },
        context,
      );
      started.push({ ...milestone, newlyStarted: appended.length > 0 });
    }
    return started;
  }
}
