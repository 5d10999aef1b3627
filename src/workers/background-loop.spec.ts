import { BackgroundLoop } from './background-loop';

describe('BackgroundLoop', () => {
  it('runs rounds back to back while they find work, then pauses until nudged', async () => {
    let work = 3;
    let rounds = 0;
    const loop = new BackgroundLoop(async () => {
      rounds++;
      return work-- > 0;
    }, { idleMs: 60_000 });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rounds).toBe(4); // three with work, one that found none; now pausing for a minute
    work = 1;
    loop.nudge();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rounds).toBe(6);
    await loop.stop();
  });

  it('reports a failed round and tries again after the pause', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = new BackgroundLoop(async () => {
      rounds++;
      if (rounds === 1) throw new Error('store busy');
      return false;
    }, { idleMs: 5, onError: (error) => errors.push(error) });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await loop.stop();
    expect((errors[0] as Error).message).toBe('store busy');
    expect(rounds).toBeGreaterThan(1);
  });

  it('stop lets the round in hand finish', async () => {
    let finished = false;
    const loop = new BackgroundLoop(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      finished = true;
      return true;
    });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await loop.stop();
    expect(finished).toBe(true);
    expect(loop.stopping).toBe(true);
  });
});
