import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { repeatedFailureLog } from '../logging/repeated-failures';
import { ClockRefused } from './clock-position';
import { ClockSettings, ServiceClock } from './service-clock';

export const CLOCK = Symbol('Clock');

type ClockEnvironment = Pick<Environment, 'CLOCK_START' | 'CLOCK_RATE' | 'CLOCK_REWIND' | 'DATA_DIR'>;

/** CLOCK_START, CLOCK_RATE and CLOCK_REWIND as the clock takes them, kept in DATA_DIR. */
export function clockSettingsOf(environment: ClockEnvironment, onPositionNotSaved?: (error: unknown) => void): ClockSettings {
  return {
    start: environment.CLOCK_START ? new Date(environment.CLOCK_START) : undefined,
    rate: environment.CLOCK_RATE,
    dataDir: environment.DATA_DIR,
    rewind: environment.CLOCK_REWIND === 'allow',
    onPositionNotSaved,
  };
}

/** The service's clock on its data folder; production on a rehearsal's time only when told so (a folder can carry one on). */
export function serviceClockFor(
  environment: ClockEnvironment & Pick<Environment, 'NODE_ENV' | 'CLOCK_IN_PRODUCTION'>,
  onPositionNotSaved?: (error: unknown) => void,
): ServiceClock {
  const clock = new ServiceClock(clockSettingsOf(environment, onPositionNotSaved));
  if (environment.NODE_ENV === 'production' && !clock.isReal && environment.CLOCK_IN_PRODUCTION !== 'allow') {
    throw new ClockRefused(
      `DATA_DIR ${environment.DATA_DIR} runs a rehearsal's business time; production runs on the real time (CLOCK_IN_PRODUCTION=allow for a rehearsal on production settings)`,
    );
  }
  return clock;
}

/** The only place wall-clock time enters the application; tests override CLOCK with a FixedClock. */
@Module({
  providers: [
    {
      provide: CLOCK,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        serviceClockFor(
          {
            CLOCK_START: config.get('CLOCK_START', { infer: true }),
            CLOCK_RATE: config.get('CLOCK_RATE', { infer: true }),
            CLOCK_REWIND: config.get('CLOCK_REWIND', { infer: true }),
            CLOCK_IN_PRODUCTION: config.get('CLOCK_IN_PRODUCTION', { infer: true }),
            DATA_DIR: config.get('DATA_DIR', { infer: true }),
            NODE_ENV: config.get('NODE_ENV', { infer: true }),
          },
          repeatedFailureLog(new Logger('Clock'), 'saving business time in the data folder'),
        ),
    },
  ],
  exports: [CLOCK],
})
export class ClockModule {}
