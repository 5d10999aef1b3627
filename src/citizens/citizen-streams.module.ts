import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { CitizenCommandHandler } from './citizen-command.handler';

/** The citizens' streams and their fold, one instance for every feature that decides or delivers on them. */
@Module({
  imports: [EventStoreModule, ClockModule],
  providers: [CitizenCommandHandler],
  exports: [CitizenCommandHandler],
})
export class CitizenStreamsModule {}
