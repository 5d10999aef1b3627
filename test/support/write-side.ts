import { CampaignCommandHandler } from '../../src/streams/campaign-command.handler';
import { CitizenCommandHandler } from '../../src/streams/citizen-command.handler';
import { Clock } from '../../src/domain/clock';
import { EventStore } from '../../src/event-store/event-store';
import { CitizenCipher } from '../../src/personal-data/citizen-cipher';
import { PopulationImporter } from '../../src/population/population-importer';
import { TransitionCommandHandler } from '../../src/streams/transition-command.handler';

export type { CommandContext } from '../../src/streams/command-handler';

/** The write side's handlers over one store and clock, made as the service's modules make them. */
export function writeSideOf(store: EventStore, clock: Clock, cipher: CitizenCipher) {
  const transition = new TransitionCommandHandler(store, clock);
  return {
    transition,
    citizens: new CitizenCommandHandler(store, clock, transition),
    campaigns: new CampaignCommandHandler(store, clock),
    importer: new PopulationImporter(store, cipher, clock, async () => (await transition.load()).state.schedule),
  };
}

export type WriteSide = ReturnType<typeof writeSideOf>;
