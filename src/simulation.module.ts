import { Module } from '@nestjs/common';
import { AppModule } from './app.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ClockModule } from './clock/clock.module';
import { DigitalPostModule } from './digital-post/digital-post.module';
import { EventStoreModule } from './event-store/event-store.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { PopulationModule } from './population/population.module';
import { SimulationServices } from './simulation/simulation-services';
import { StreamsModule } from './streams/streams.module';
import { TransitionModule } from './transition/transition.module';

/** The service as `npm run simulate` runs it: every module, and the parts a simulation drives. */
@Module({
  imports: [
    AppModule,
    EventStoreModule,
    ClockModule,
    StreamsModule,
    CampaignsModule,
    DigitalPostModule,
    TransitionModule,
    PopulationModule,
    PersonalDataModule,
  ],
  providers: [SimulationServices],
})
export class SimulationAppModule {}
