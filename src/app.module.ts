import { Module, ValidationPipe } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { CampaignsModule } from './campaigns/campaigns.module';
import { CitizensModule } from './citizens/citizens.module';
import { DigitalPostModule } from './digital-post/digital-post.module';
import { ClockModule } from './clock/clock.module';
import { validateEnvironment } from './config/environment';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import { ProblemDetailsFilter, validationExceptionFactory } from './http/problem-details';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { ReadModelsApiModule, ReadModelsModule } from './read-models/read-models.module';
import { TransitionModule } from './transition/transition.module';
import { NoticesModule } from './notices/notices.module';
import { PopulationModule } from './population/population.module';
import { AuthModule } from './auth/auth.module';
import { MetricsModule } from './metrics/metrics.module';
import { WebModule } from './web/web.module';
import { SimulationsModule } from './simulation/simulations.module';
import { RetentionModule } from './retention/retention.module';
import { LoggingModule } from './logging/logging.module';
import { TracingModule } from './tracing/tracing.module';
import { ClusterModule } from './cluster/cluster.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment }),
    LoggingModule,
    TracingModule,
    MetricsModule,
    ClockModule,
    EventStoreModule,
    ClusterModule,
    PersonalDataModule,
    AuthModule,
    ReadModelsModule,
    ReadModelsApiModule,
    CitizensModule,
    CampaignsModule,
    DigitalPostModule,
    ScheduleModule.forRoot(),
    TransitionModule,
    NoticesModule,
    PopulationModule,
    HealthModule,
    WebModule,
    SimulationsModule,
    RetentionModule,
  ],
  providers: [
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        validationError: { target: false, value: false },
        // One reason per field: a missing array is "must be an array", not every size rule at once.
        stopAtFirstError: true,
        exceptionFactory: validationExceptionFactory,
      }),
    },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
