import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { EventStoreModule } from '../event-store/event-store.module';
import { ClockModule } from '../clock/clock.module';
import { Environment } from '../config/environment';
import { MetricsModule } from '../metrics/metrics.module';
import { Metrics } from '../metrics/metrics';
import { ReadModelsModule } from '../read-models/read-models.module';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { DataDisk } from '../storage/data-disk';

@Module({
  imports: [EventStoreModule, ClockModule, ReadModelsModule, TerminusModule, MetricsModule, PersonalDataModule],
  controllers: [HealthController, MetricsController],
  providers: [
    {
      provide: DataDisk,
      inject: [ConfigService, Metrics],
      useFactory: (config: ConfigService<Environment, true>, metrics: Metrics) => {
        const disk = new DataDisk(config.get('DATA_DIR', { infer: true }));
        metrics.watchDataDisk(() => disk.report());
        return disk;
      },
    },
  ],
})
export class HealthModule {}
