import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { TransitionCommandHandler } from '../transition/transition-command.handler';
import { CitizenCommandHandler } from './citizen-command.handler';

/** The citizens' streams and the schedule's, each with its fold, one instance for every feature that decides or delivers on them. */
@Module({
  imports: [EventStoreModule, ClockModule],
  providers: [CitizenCommandHandler, TransitionCommandHandler],
  exports: [CitizenCommandHandler, TransitionCommandHandler],
})
export class CitizenStreamsModule {}
