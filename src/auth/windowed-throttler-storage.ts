import type { ThrottlerStorage } from '@nestjs/throttler';
import { LRUCache } from 'lru-cache';

interface Window {
  hits: number;
  endsAt: number;
  /** 0 until the limit is passed; then when the caller may come back, with a new window. */
  blockedUntil: number;
}

/**
 * Callers whose windows are kept, the least recently seen forgotten first: a caller forgotten had been quiet while
 * this many others were not, and starts a new window. About 150 bytes each.
 */
const TRACKED_WINDOWS = 200_000;

/** What the guard reads of a count (the package does not export the type by name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number) => Math.ceil(ms / 1000);

/**
 * Rate limits as a count per caller and window, in constant time and memory per request. The library's own
 * in-memory storage keeps each caller's hit times and copies the list on every request: at a caller's limit of
 * 600 a minute, 600 numbers copied per request.
 */
export class WindowedThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new LRUCache<string, Window>({ max: TRACKED_WINDOWS });

  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    let window = this.windows.get(key);
    // A block outlasts the window it began in: the caller was told to come back at its end.
    if (!window || now >= (window.blockedUntil === 0 ? window.endsAt : window.blockedUntil)) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    if (window.blockedUntil === 0 && ++window.hits > limit) window.blockedUntil = now + blockDuration;
    const isBlocked = window.blockedUntil !== 0;
    return {
      totalHits: window.hits,
      timeToExpire: seconds(Math.max(0, window.endsAt - now)),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(window.blockedUntil - now) : 0,
    };
  }
}
