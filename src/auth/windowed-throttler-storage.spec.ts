import { WindowedThrottlerStorage } from './windowed-throttler-storage';

const MINUTE = 60_000;

describe('WindowedThrottlerStorage', () => {
  let now: number;
  let storage: WindowedThrottlerStorage;
  beforeEach(() => {
    now = 1_700_000_000_000;
    storage = new WindowedThrottlerStorage(() => now);
  });
  const hit = (key = 'caller-a', limit = 3, blockDuration = MINUTE) => storage.increment(key, MINUTE, limit, blockDuration);

  it("counts a caller's requests in their window, with the seconds left of it, and lets the limit itself through", async () => {
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    now += 20_500;
    expect(await hit()).toEqual({ totalHits: 2, timeToExpire: 40, isBlocked: false, timeToBlockExpire: 0 });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: false });
  });

  it('blocks the request past the limit, for the block duration, and keeps blocking without counting', async () => {
    for (let i = 0; i < 3; i++) await hit();
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 30, isBlocked: true, timeToBlockExpire: 30 });
  });

  it('starts a new window once the block is over, even with the old window not yet ended', async () => {
    for (let i = 0; i < 4; i++) await hit('caller-a', 3, 10_000);
    now += 10_000;
    expect(await hit('caller-a', 3, 10_000)).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('keeps a block that began near the end of its window until the block is over, as Retry-After said', async () => {
    await hit();
    now += 50_000;
    for (let i = 0; i < 3; i++) await hit();
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 0, isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a new window when the last one has ended', async () => {
    for (let i = 0; i < 3; i++) await hit();
    now += MINUTE;
    expect(await hit()).toMatchObject({ totalHits: 1, timeToExpire: 60, isBlocked: false });
  });

  it('counts each caller on their own', async () => {
    for (let i = 0; i < 4; i++) await hit('caller-a');
    expect(await hit('caller-b')).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
