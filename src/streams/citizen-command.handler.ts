import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLOCK } from '../clock/clock.module';
import { CitizenCommand, CitizenEvent, CitizenState, citizenDecider } from '../domain/citizen';
import { Clock } from '../domain/clock';
import { CommandContext, CommandInput, EventSourcedCommandHandler, StreamState } from './command-handler';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { TransitionCommandHandler } from './transition-command.handler';
import { asCitizenEvent, eventIdFor } from './citizen-stream';
import { citizenIdOf, citizenStream } from '../domain/citizen';

export type { CommandContext } from './command-handler';
export type CitizenCommandInput = CommandInput<CitizenCommand>;

export interface CommandResult {
  citizenId: string;
  state: CitizenState;
  appended: CitizenEvent[];
}

/** Citizen commands against the citizen's own stream, `citizen-<citizenId>`. */
@Injectable()
export class CitizenCommandHandler {
  private readonly handler: EventSourcedCommandHandler<CitizenCommand, CitizenEvent, CitizenState>;

  /** `transitions`: the one the module provides; a handler made by hand (the CLI, tests, benches) makes its own. */
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Optional() @Inject(TransitionCommandHandler) transitions?: TransitionCommandHandler,
  ) {
    const schedule = transitions ?? new TransitionCommandHandler(store, clock);
    this.handler = new EventSourcedCommandHandler(
      store,
      clock,
      citizenDecider,
      {
        asDomainEvent: asCitizenEvent,
        eventId: (event, streamId) => eventIdFor(citizenIdOf(streamId), event),
        // Opening a record needs only a holder, and a holder never stops being one: no other change can invalidate it.
        commutes: (event) => event.type === 'TimelineViewed',
      },
      // The phase of the transition on the business date decides which desk actions are still possible.
      async () => ({ schedule: (await schedule.load()).state.schedule }),
    );
  }

  load(citizenId: string): Promise<StreamState<CitizenState>> {
    return this.handler.load(citizenStream(citizenId));
  }

  async handle(citizenId: string, input: CitizenCommandInput, context: CommandContext): Promise<CommandResult> {
    const { state, appended } = await this.handler.handle(citizenStream(citizenId), input, context);
    return { citizenId, state, appended };
  }
}
