import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import { ClockModule } from '../clock/clock.module';
import type { Environment } from '../config/environment';
import { SimulationJobs } from './simulation-jobs';
import { SimulationsController } from './simulations.controller';

/** The agency's simulations over HTTP: each a `simulate --compare` in a child process, its report under DATA_DIR/simulations. */
@Module({
  imports: [ClockModule],
  controllers: [SimulationsController],
  providers: [
    {
      provide: SimulationJobs,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => new SimulationJobs(join(config.get('DATA_DIR', { infer: true }), 'simulations')),
    },
  ],
})
export class SimulationsModule {}
