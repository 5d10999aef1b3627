import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  UnknownError,
} from '@eventstore/db-client';
import { AppendTooLarge, EventStoreAccessDenied, EventStoreUnavailable, StreamDeleted } from '../store-errors';
import { backoffDelay } from './reconnect-backoff';

/**
 * Which of client 6.2.1's errors are worth another try. A node that is not ready (starting, or between leaders)
 * answers BatchAppend with a status whose details the client cannot unpack: it becomes an UnknownError whose
 * message carries the server's words. A follower answers NotLeader, and the client then reconnects to the
 * leader it names. Unavailable and cancelled calls make the client reconnect as well.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof NotLeaderError || error instanceof UnavailableError || error instanceof CancelledError) return true;
  if (error instanceof DeadlineExceededError || error instanceof TimeoutError) return true;
  return error instanceof UnknownError && /not.?ready/i.test(error.message);
}

/** The port's error for a client error: typed problems for what a caller can be told, anything else as it is. */
export function portErrorOf(error: unknown): unknown {
  if (error instanceof StreamDeletedError) return new StreamDeleted();
  if (error instanceof MaxAppendSizeExceededError) return new AppendTooLarge(error.maxAppendSize);
  if (error instanceof AccessDeniedError) return new EventStoreAccessDenied();
  if (isTransient(error)) return new EventStoreUnavailable(error instanceof Error ? error.message : String(error));
  return error;
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Told of each retry before its wait (logged and counted by the caller). */
  onRetry?: (retry: { operation: string; attempt: number; delayMs: number; error: unknown }) => void;
  /** Ends a wait at once (the caller is stopping): the last error is thrown. */
  signal?: AbortSignal;
}

/**
 * A client call tried again with backoff while it fails with a transient error. Safe for appends: each is made
 * at an expected revision, and a retry of events that went in at that revision is ignored by the server (see the
 * port's note on re-appends). The last error leaves as the port's.
 */
export async function withRetries<T>(operation: string, call: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || attempt >= options.attempts || options.signal?.aborted) throw portErrorOf(error);
      const delayMs = backoffDelay(attempt, options.initialDelayMs, options.maxDelayMs);
      options.onRetry?.({ operation, attempt, delayMs, error });
      await abortableWait(delayMs, options.signal);
    }
  }
}

function abortableWait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Six tries over about six seconds: a restart's readiness or a leader election, not a long outage (that is a 503). */
export const DEFAULT_RETRIES: RetryOptions = { attempts: 6, initialDelayMs: 200, maxDelayMs: 2_000 };

/** The promise's value, or EventStoreUnavailable when the store sends nothing for `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EventStoreUnavailable(`no answer from the event store within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
