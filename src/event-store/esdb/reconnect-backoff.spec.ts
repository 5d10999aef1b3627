import { ReconnectBackoff, backoffDelay } from './reconnect-backoff';

describe('reconnect backoff', () => {
  it('backs off exponentially from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, 250, 3_000))).toEqual([250, 500, 1_000, 2_000, 3_000, 3_000]);
  });

  it('reports each drop with its attempt, starts over after a success, and stops waiting when cancelled', async () => {
    const drops: { attempt: number; delayMs: number }[] = [];
    const backoff = new ReconnectBackoff({ initialDelayMs: 1, maxDelayMs: 100_000, onDropped: ({ attempt, delayMs }) => drops.push({ attempt, delayMs }) });
    await backoff.afterDrop(new Error('a'));
    await backoff.afterDrop(new Error('b'));
    backoff.succeeded();
    await backoff.afterDrop(new Error('c'));
    expect(drops).toEqual([
      { attempt: 1, delayMs: 1 },
      { attempt: 2, delayMs: 2 },
      { attempt: 1, delayMs: 1 },
    ]);

    const long = new ReconnectBackoff({ initialDelayMs: 60_000 });
    const waiting = long.afterDrop(new Error('d'));
    long.cancel();
    await expect(waiting).resolves.toBeUndefined();
  });
});
