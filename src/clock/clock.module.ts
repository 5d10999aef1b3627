import { Global, Module } from '@nestjs/common';
import { Clock } from '../domain/clock';

export const CLOCK = Symbol('Clock');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** The only place wall-clock time enters the application; tests override CLOCK with a FixedClock. */
@Global()
@Module({ providers: [{ provide: CLOCK, useClass: SystemClock }], exports: [CLOCK] })
export class ClockModule {}
