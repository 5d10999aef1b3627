import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOCK_FILE, ClockRefused } from './clock-position';
import { ClockSettings, ServiceClock } from './service-clock';

const REHEARSAL = new Date('2021-10-04T06:00:00Z');
const MINUTE = 60_000;

describe('ServiceClock: business time in a data folder never goes backwards', () => {
  let dir: string;
  let real: number;
  const clock = (settings: Partial<ClockSettings> = {}) => new ServiceClock({ rate: 1, dataDir: dir, ...settings }, () => real);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-clock-'));
    real = Date.parse('2026-12-07T10:00:00Z');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a rehearsal restarted with the same CLOCK_START goes on from where it was, not from the start again', () => {
    const first = clock({ start: REHEARSAL });
    real += 30 * MINUTE;
    const before = first.now().getTime();
    expect(before).toBe(REHEARSAL.getTime() + 30 * MINUTE);
    real += MINUTE;
    const restarted = clock({ start: REHEARSAL });
    expect(restarted.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(restarted.isReal).toBe(false);
  });

  it('goes on with the folder’s rehearsal when started without a CLOCK_START (the CLI beside the service)', () => {
    const service = clock({ start: REHEARSAL, rate: 1440 });
    real += MINUTE;
    const seen = service.now().getTime();
    const cli = clock();
    expect(cli.now().getTime()).toBeGreaterThanOrEqual(seen);
    expect(cli.isReal).toBe(false);
  });

  it('refuses a CLOCK_START earlier than the folder reached, in one line, unless told to rewind', () => {
    clock({ start: REHEARSAL }).now();
    const earlier = new Date('2021-09-01T06:00:00Z');
    expect(() => clock({ start: earlier })).toThrow(ClockRefused);
    expect(() => clock({ start: earlier })).toThrow(
      /^business time in this data folder has reached 2021-10-04T06:00:01\.000Z; CLOCK_START 2021-09-01T06:00:00\.000Z is before it.*CLOCK_REWIND=allow/,
    );
    expect(clock({ start: earlier, rewind: true }).now().toISOString()).toBe('2021-09-01T06:00:00.000Z');
  });

  it('moves forward to a later CLOCK_START', () => {
    clock({ start: REHEARSAL }).now();
    expect(
      clock({ start: new Date('2022-05-02T06:00:00Z') })
        .now()
        .toISOString(),
    ).toBe('2022-05-02T06:00:00.000Z');
  });

  it('on the real time, waits for a clock stepped back a little, and refuses one far behind', () => {
    const first = clock();
    const handedOut = first.now().getTime();
    real -= 2 * MINUTE;
    const stepped = clock();
    expect(stepped.now().getTime()).toBeGreaterThanOrEqual(handedOut);
    real -= 10 * MINUTE;
    expect(() => clock()).toThrow(/the real time .* is before it/);
  });

  it('another process that moved the folder on is followed at the next lease', () => {
    const a = clock({ start: REHEARSAL });
    const b = clock({ start: REHEARSAL });
    a.now();
    b.pinTo(new Date('2021-10-05T06:00:00Z'));
    real += 2_000;
    expect(a.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2021-10-05T06:00:00Z'));
  });

  it('a pinned run makes the folder a rehearsal: a process after it goes on from the run’s day, not the real time', () => {
    clock().pinTo(new Date('2022-06-29T06:00:00Z'));
    const next = clock();
    expect(next.isReal).toBe(false);
    expect(next.now().toISOString()).toBe('2022-06-29T06:00:00.000Z');
    expect(() => next.pinTo(new Date('2022-08-15T06:00:00Z'))).not.toThrow();
  });

  it('a pinned run earlier than the folder reached is refused; the same day again is not', () => {
    const day = new Date('2022-06-29T06:00:00Z');
    clock().pinTo(day);
    expect(() => clock().pinTo(day)).not.toThrow();
    expect(() => clock().pinTo(new Date('2022-06-28T06:00:00Z'))).toThrow(
      /a run as of 2022-06-28T06:00:00\.000Z would record events before those already recorded/,
    );
  });

  it('keeps a lease ahead of what it hands out, so a crash loses no time it gave', () => {
    const c = clock({ start: REHEARSAL });
    for (let i = 0; i < 50; i++) {
      real += 137;
      const handed = c.now().getTime();
      const saved = JSON.parse(readFileSync(join(dir, CLOCK_FILE), 'utf8')) as { reached: string };
      expect(Date.parse(saved.reached)).toBeGreaterThanOrEqual(handed);
    }
  });

  it('says which file is not a clock position', () => {
    writeFileSync(join(dir, CLOCK_FILE), 'not json');
    expect(() => clock()).toThrow(new RegExp(`^${join(dir, CLOCK_FILE).replace(/[.]/g, '\\.')} is not a business-clock position`));
  });

  it('without a folder, is the plain rehearsal clock it was', () => {
    const c = new ServiceClock({ rate: 1440, start: REHEARSAL }, () => real);
    real += MINUTE;
    expect(c.now().toISOString()).toBe('2021-10-05T06:00:00.000Z');
  });
});
