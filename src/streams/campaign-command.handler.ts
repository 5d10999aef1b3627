import { Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '../clock/clock.module';
import { CampaignCommand, CampaignState, DatedCampaignEvent, campaignDecider, campaignEventOf } from '../domain/campaign';
import { Clock } from '../domain/clock';
import { CommandContext, CommandInput, EventSourcedCommandHandler, HandledCommand, StreamState } from './command-handler';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { campaignStream } from '../domain/campaign';
import type { EventTraceContext } from '../tracing/tracing';

export type CampaignCommandInput = CommandInput<CampaignCommand>;

/** Campaign commands against `campaign-<campaignId>`. */
@Injectable()
export class CampaignCommandHandler {
  private readonly handler: EventSourcedCommandHandler<CampaignCommand, DatedCampaignEvent, CampaignState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.handler = new EventSourcedCommandHandler(store, clock, campaignDecider, { asDomainEvent: campaignEventOf });
  }

  load(campaignId: string): Promise<StreamState<CampaignState>> {
    return this.handler.load(campaignStream(campaignId));
  }

  /** The trace context the campaign was started in (its first event's): the steps that follow continue that trace. */
  async startedWith(campaignId: string): Promise<EventTraceContext> {
    for await (const { metadata } of this.store.readStream(campaignStream(campaignId), { maxCount: 1 }))
      return { traceparent: metadata.traceparent, tracestate: metadata.tracestate };
    return {};
  }

  handle(campaignId: string, input: CampaignCommandInput, context: CommandContext): Promise<HandledCommand<DatedCampaignEvent, CampaignState>> {
    return this.handler.handle(campaignStream(campaignId), input, context);
  }
}
