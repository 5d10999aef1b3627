import { Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '../clock/clock.module';
import { Clock } from '../domain/clock';
import { TRANSITION_EVENTS, TransitionCommand, TransitionEvent, TransitionState, transitionDecider } from '../domain/transition';
import { CommandContext, CommandInput, EventSourcedCommandHandler, HandledCommand, StreamState } from './command-handler';
import { EVENT_STORE, EventStore } from '../event-store/event-store';

/** One schedule for the whole country. */
export const TRANSITION_STREAM = 'transition-schedule';

/** Schedule commands against the `transition-schedule` stream. */
@Injectable()
export class TransitionCommandHandler {
  private readonly handler: EventSourcedCommandHandler<TransitionCommand, TransitionEvent, TransitionState>;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    this.handler = new EventSourcedCommandHandler(store, clock, transitionDecider, { asDomainEvent: TRANSITION_EVENTS.read });
  }

  load(): Promise<StreamState<TransitionState>> {
    return this.handler.load(TRANSITION_STREAM);
  }

  handle(input: CommandInput<TransitionCommand>, context: CommandContext): Promise<HandledCommand<TransitionEvent, TransitionState>> {
    return this.handler.handle(TRANSITION_STREAM, input, context);
  }
}
