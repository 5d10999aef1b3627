import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { DigitalPostModule } from '../digital-post/digital-post.module';
import { DailyRun } from './daily-run';
import { DayRunner } from './day-runner';
import { StreamsModule } from '../streams/streams.module';
import { TransitionController } from './transition.controller';
import { TransitionScheduler } from './transition-scheduler';
import { EventStoreModule } from '../event-store/event-store.module';
import { ClockModule } from '../clock/clock.module';

@Module({
  imports: [EventStoreModule, ClockModule, CampaignsModule, DigitalPostModule, StreamsModule],
  controllers: [TransitionController],
  providers: [TransitionScheduler, DailyRun, DayRunner],
  exports: [StreamsModule, TransitionScheduler, DayRunner],
})
export class TransitionModule {}
