import { Injectable } from '@nestjs/common';
import { CampaignQueries } from '../campaigns/campaign-queries.service';
import { CampaignView } from '../campaigns/campaign.dto';
import { CampaignWorker } from '../campaigns/campaign-worker';
import { IsoDate } from '../domain/dates';
import { DeliveryDispatcher } from '../digital-post/delivery-dispatcher';
import { StartedMilestone, TransitionScheduler } from './transition-scheduler';

/**
 * Runs day D to completion in the caller's time, with the clock set to D by the caller: starts what is
 * due, sends it and delivers it before returning. The one place that drives the workers by hand, for the
 * CLI's `schedule run --date`, the tests and the simulator; the running service leaves them to their loops.
 */
@Injectable()
export class DayRunner {
  constructor(
    private readonly scheduler: TransitionScheduler,
    private readonly worker: CampaignWorker,
    private readonly delivery: DeliveryDispatcher,
    private readonly campaigns: CampaignQueries,
  ) {}

  async runDay(day: IsoDate): Promise<{ milestone: StartedMilestone; campaign: CampaignView }[]> {
    const started = await this.scheduler.startDue(day);
    // Each step's letters are delivered before the next step, while their citizens' states are still at hand.
    const deliver = () => this.delivery.deliverPending();
    await this.worker.runToCompletion(
      started.map((m) => m.campaignId),
      deliver,
    );
    await deliver();
    return Promise.all(started.map(async (milestone) => ({ milestone, campaign: await this.campaigns.view(milestone.campaignId) })));
  }
}
