import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { until } from '../../test/support/until';
import { ServiceClock } from '../clock/service-clock';
import { Environment, validateEnvironment } from '../config/environment';
import { danishDateOf } from '../domain/dates';
import { DAILY_RUN, DailyRun } from './daily-run';
import { TransitionScheduler } from './transition-scheduler';

const copenhagenTime = (instant: Date) => instant.toLocaleTimeString('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' });

describe('the daily run follows the service clock', () => {
  it('on a clock that runs a day per second it runs each business day at 06:00 Copenhagen time, and stops on shutdown', async () => {
    // 06:30 in Copenhagen on 2022-06-28 (summer time), running 86 400 times faster than real time.
    const clock = new ServiceClock({ start: new Date('2022-06-28T04:30:00Z'), rate: 86_400 });
    const runs: { day: string; at: Date }[] = [];
    const scheduler = { startDue: async (day: string) => (runs.push({ day, at: clock.now() }), []) } as unknown as TransitionScheduler;
    const registry = new SchedulerRegistry();
    const config = new ConfigService<Environment, true>(
      validateEnvironment({ TRANSITION_SCHEDULER: 'on', TRANSITION_SCHEDULER_CRON: '0 6 * * *', TRANSITION_SCHEDULER_TIME_ZONE: 'Europe/Copenhagen' }),
    );
    const dailyRun = new DailyRun(scheduler, registry, clock, config);

    dailyRun.onApplicationBootstrap();
    expect(copenhagenTime(dailyRun.nextDate())).toBe('06:00');
    expect(danishDateOf(dailyRun.nextDate())).toBe('2022-06-29');
    await until(
      async () => runs.length,
      (n) => n >= 3,
      10_000,
    );
    await dailyRun.beforeApplicationShutdown();

    // The start day at once (a restart after 06:00 still runs it), then each next day at 06:00 business time.
    expect(runs.slice(0, 3).map((run) => run.day)).toEqual(['2022-06-28', '2022-06-29', '2022-06-30']);
    // At 06:00 business time and within its hour: a time zone or summer time mistake is a whole hour off, while a
    // timer on a busy machine fires tens of real milliseconds late (86.4 business seconds each, at this rate).
    for (const [i, run] of runs.slice(1, 3).entries()) {
      const sixOClock = Date.parse(`2022-06-${29 + i}T04:00:00Z`);
      expect(run.at.getTime()).toBeGreaterThanOrEqual(sixOClock - 5 * 60_000);
      expect(run.at.getTime()).toBeLessThan(sixOClock + 60 * 60_000);
    }
    expect(dailyRun.isActive).toBe(false);
    expect(registry.doesExist('timeout', DAILY_RUN)).toBe(false);
  });

  it('the real clock is real, a started or faster one is a rehearsal', () => {
    expect(new ServiceClock().isReal).toBe(true);
    expect(new ServiceClock({ start: new Date('2021-10-04T08:00:00Z'), rate: 1 }).isReal).toBe(false);
    expect(new ServiceClock({ rate: 1440 }).isReal).toBe(false);
  });

  it('business time starts at CLOCK_START and runs on at CLOCK_RATE', () => {
    let real = 1_000_000;
    const clock = new ServiceClock({ start: new Date('2021-10-04T08:00:00Z'), rate: 1440 }, () => real);
    expect(clock.now().toISOString()).toBe('2021-10-04T08:00:00.000Z');
    real += 60_000;
    expect(clock.now().toISOString()).toBe('2021-10-05T08:00:00.000Z');
    expect(clock.realDelayUntil(new Date('2021-10-06T08:00:00Z'))).toBe(60_000);
  });
});
