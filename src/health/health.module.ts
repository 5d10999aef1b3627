import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { EventStoreModule } from '../event-store/event-store.module';
import { ClockModule } from '../clock/clock.module';
import { ReadModelsModule } from '../read-models/read-models.module';

@Module({ imports: [EventStoreModule, ClockModule, ReadModelsModule, TerminusModule], controllers: [HealthController] })
export class HealthModule {}
