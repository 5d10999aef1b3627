import { Global, Module } from '@nestjs/common';
import { Clock } from '../domain/clock';

export const CLOCK = Symbol('Clock');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * The system clock, which an operator's tool can pin to a business day: the CLI's
 * `schedule run --date` and the simulator run day D as if it were D (a virtual clock).
 * The service itself never pins it.
 */
export class VirtualClock extends SystemClock {
  private pinned?: Date;

  override now(): Date {
    return this.pinned ? new Date(this.pinned.getTime()) : super.now();
  }

  pinTo(instant: Date): void {
    this.pinned = new Date(instant.getTime());
  }
}

/** The only place wall-clock time enters the application; tests override CLOCK with a FixedClock. */
@Global()
@Module({ providers: [{ provide: CLOCK, useClass: VirtualClock }], exports: [CLOCK] })
export class ClockModule {}
