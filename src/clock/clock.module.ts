import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { ClockSettings, ServiceClock } from './service-clock';

export const CLOCK = Symbol('Clock');

/** CLOCK_START and CLOCK_RATE as the clock takes them. */
export function clockSettingsOf(environment: Pick<Environment, 'CLOCK_START' | 'CLOCK_RATE'>): ClockSettings {
  return { start: environment.CLOCK_START ? new Date(environment.CLOCK_START) : undefined, rate: environment.CLOCK_RATE };
}

/** The only place wall-clock time enters the application; tests override CLOCK with a FixedClock. */
@Module({
  providers: [
    {
      provide: CLOCK,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        new ServiceClock(clockSettingsOf({ CLOCK_START: config.get('CLOCK_START', { infer: true }), CLOCK_RATE: config.get('CLOCK_RATE', { infer: true }) })),
    },
  ],
  exports: [CLOCK],
})
export class ClockModule {}
