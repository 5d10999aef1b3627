import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { CampaignCommandHandler } from './campaign-command.handler';
import { CitizenCommandHandler } from './citizen-command.handler';
import { RetentionCommandHandler } from './retention-command.handler';
import { TransitionCommandHandler } from './transition-command.handler';

const HANDLERS = [CitizenCommandHandler, CampaignCommandHandler, TransitionCommandHandler, RetentionCommandHandler];

/** The write side: each stream's command handler with its kept folds, one instance for every feature that decides on it. */
@Module({ imports: [EventStoreModule, ClockModule], providers: HANDLERS, exports: HANDLERS })
export class StreamsModule {}
