import { Inject, Injectable } from '@nestjs/common';
import { CampaignWorker } from '../campaigns/campaign-worker';
import { CLOCK } from '../clock/clock.module';
import { ServiceClock } from '../clock/service-clock';
import { DeliveryDispatcher } from '../digital-post/delivery-dispatcher';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { PersonalDataProtector } from '../personal-data/personal-data-protector';
import { PopulationImporter } from '../population/population-importer';
import { CampaignCommandHandler } from '../streams/campaign-command.handler';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { TransitionCommandHandler } from '../streams/transition-command.handler';
import { DayRunner } from '../transition/day-runner';

/** What a simulation drives: the service's own parts, injected as the service wires them. */
@Injectable()
export class SimulationServices {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    /** The service's clock, which a simulation pins to each business day. */
    @Inject(CLOCK) readonly clock: ServiceClock,
    readonly transitions: TransitionCommandHandler,
    readonly citizens: CitizenCommandHandler,
    readonly campaigns: CampaignCommandHandler,
    readonly campaignWorker: CampaignWorker,
    readonly delivery: DeliveryDispatcher,
    readonly days: DayRunner,
    readonly importer: PopulationImporter,
    readonly protector: PersonalDataProtector,
  ) {}
}
