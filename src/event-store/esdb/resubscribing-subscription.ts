import { Subscription, SubscriptionMessage } from '../event-store';
import { backoffDelay } from './esdb-mapping';

/** One attempt at a subscription: its messages until it ends or fails. */
export interface SubscriptionAttempt {
  messages: AsyncIterable<SubscriptionMessage>;
  close(): Promise<void>;
}

export interface ResubscribeOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Told of every drop before the wait: log it, count it. */
  onDropped?: (drop: { error: unknown; attempt: number; delayMs: number; resumeAfter: bigint }) => void;
}

/**
 * A subscription that survives drops: when an attempt fails (or the server ends it), it waits
 * with exponential backoff and opens a new attempt after the last event it delivered, so the
 * caller sees one gap-free, duplicate-free sequence. `caught-up` is passed on once, as the port
 * promises. A delivered event resets the backoff.
 */
export function resubscribing(open: (after: bigint) => SubscriptionAttempt, from: bigint, options: ResubscribeOptions = {}): Subscription {
  const initialDelayMs = options.initialDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  let closed = false;
  let current: SubscriptionAttempt | undefined;
  let interruptWait: (() => void) | undefined;

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    let position = from;
    let caughtUpSent = false;
    let attempt = 0;
    while (!closed) {
      current = open(position);
      let failure: unknown = new Error('the server ended the subscription');
      try {
        for await (const message of current.messages) {
          if (closed) return;
          if (message.kind === 'event') {
            if (message.event.position <= position) continue;
            position = message.event.position;
            attempt = 0;
            yield message;
          } else if (!caughtUpSent) {
            caughtUpSent = true;
            yield { kind: 'caught-up', position: message.position > position ? message.position : position };
          }
        }
      } catch (error) {
        failure = error;
      } finally {
        await current.close();
      }
      if (closed) return;
      attempt++;
      const delayMs = backoffDelay(attempt, initialDelayMs, maxDelayMs);
      options.onDropped?.({ error: failure, attempt, delayMs, resumeAfter: position });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        interruptWait = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      interruptWait = undefined;
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      closed = true;
      interruptWait?.();
      await current?.close();
    },
  };
}
