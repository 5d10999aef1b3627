import type { LoggerService } from '@nestjs/common';

/** How often a failure that keeps happening is said again, with how many times it happened meanwhile. */
const REPEAT_EVERY_MS = 60_000;

/**
 * An error handler for work retried in a loop (a projection, a campaign step, a delivery round): the first failure
 * is logged at once, the same failure again at most once a minute with its count, so a disk full for an hour is
 * sixty lines, not thirty-six thousand. A different failure is logged at once.
 */
export function repeatedFailureLog(logger: Pick<LoggerService, 'error'>, what: string, now: () => number = Date.now): (error: unknown) => void {
  let last: { message: string; at: number; repeats: number } | undefined;
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const at = now();
    if (last?.message === message && at - last.at < REPEAT_EVERY_MS) {
      last.repeats++;
      return;
    }
    const again = last?.message === message && last.repeats > 0 ? ` (${last.repeats + 1} times in the last minute)` : '';
    last = { message, at, repeats: 0 };
    logger.error(`${what} failed, retrying${again}: ${message}`);
  };
}
