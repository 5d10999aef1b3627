import { Module } from '@nestjs/common';
import { DigitalPostModule } from '../digital-post/digital-post.module';
import { MeController } from './me.controller';
import { MyNotices } from './my-notices.service';
import { EventStoreModule } from '../event-store/event-store.module';
import { ClockModule } from '../clock/clock.module';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { StreamsModule } from '../streams/streams.module';

@Module({
  imports: [EventStoreModule, ClockModule, PersonalDataModule, ReadModelsModule, DigitalPostModule, StreamsModule],
  controllers: [MeController],
  providers: [MyNotices],
})
export class NoticesModule {}
