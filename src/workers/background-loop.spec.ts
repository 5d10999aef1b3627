import { until } from '../../test/support/until';
import { BackgroundLoop } from './background-loop';

describe('BackgroundLoop', () => {
  it('runs rounds back to back while they find work, then pauses until nudged', async () => {
    let work = 3;
    let rounds = 0;
    const loop = new BackgroundLoop(
      async () => {
        rounds++;
        return work-- > 0;
      },
      { idleMs: 60_000 },
    );
    loop.start();
    // Three with work, one that found none; now pausing for a minute.
    expect(
      await until(
        async () => rounds,
        (n) => n >= 4,
        2_000,
      ),
    ).toBe(4);
    work = 1;
    loop.nudge();
    expect(
      await until(
        async () => rounds,
        (n) => n >= 6,
        2_000,
      ),
    ).toBe(6);
    await loop.stop();
  });

  it('reports a failed round and tries again after the pause', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = new BackgroundLoop(
      async () => {
        rounds++;
        if (rounds === 1) throw new Error('store busy');
        return false;
      },
      { idleMs: 5, onError: (error) => errors.push(error) },
    );
    loop.start();
    expect(
      await until(
        async () => rounds,
        (n) => n > 1,
        2_000,
      ),
    ).toBeGreaterThan(1);
    await loop.stop();
    expect((errors[0] as Error).message).toBe('store busy');
  });

  it('stop lets the round in hand finish', async () => {
    let started = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const loop = new BackgroundLoop(async () => {
      started = true;
      await gate;
      finished = true;
      return true;
    });
    loop.start();
    await until(
      async () => started,
      (s) => s,
      2_000,
    );
    const stopping = loop.stop();
    expect(finished).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    expect(loop.stopping).toBe(true);
  });
});
