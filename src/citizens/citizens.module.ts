import { Module } from '@nestjs/common';
import { DigitalPostModule } from '../digital-post/digital-post.module';
import { StreamsModule } from '../streams/streams.module';
import { CitizenQueries } from './citizen-queries.service';
import { CitizensController } from './citizens.controller';
import { CitizenOpeningsController } from './citizen-openings.controller';
import { EventStoreModule } from '../event-store/event-store.module';
import { ClockModule } from '../clock/clock.module';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { MetricsModule } from '../metrics/metrics.module';

@Module({
  imports: [EventStoreModule, ClockModule, PersonalDataModule, MetricsModule, DigitalPostModule, StreamsModule],
  controllers: [CitizensController, CitizenOpeningsController],
  providers: [CitizenQueries],
  exports: [StreamsModule, CitizenQueries],
})
export class CitizensModule {}
