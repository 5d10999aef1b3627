import { Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '../clock/clock.module';
import { Clock } from '../domain/clock';
import { DatedRetentionEvent, RetentionCommand, RetentionState, retentionDecider, retentionEventOf } from '../domain/retention';
import { CommandContext, CommandInput, EventSourcedCommandHandler, HandledCommand, StreamState } from './command-handler';
import { EVENT_STORE, EventStore } from '../event-store/event-store';

/** Every run of the retention rule, in one stream: the agency's record of what was erased when. */
export const RETENTION_STREAM = 'retention-runs';

@Injectable()
export class RetentionCommandHandler {
  private readonly handler: EventSourcedCommandHandler<RetentionCommand, DatedRetentionEvent, RetentionState>;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    this.handler = new EventSourcedCommandHandler(store, clock, retentionDecider, { asDomainEvent: retentionEventOf });
  }

  load(): Promise<StreamState<RetentionState>> {
    return this.handler.load(RETENTION_STREAM);
  }

  handle(input: CommandInput<RetentionCommand>, context: CommandContext): Promise<HandledCommand<DatedRetentionEvent, RetentionState>> {
    return this.handler.handle(RETENTION_STREAM, input, context);
  }
}
