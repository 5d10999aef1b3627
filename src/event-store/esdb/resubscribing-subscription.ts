import { Subscription, SubscriptionMessage } from '../event-store';
import { ReconnectBackoff, ResubscribeOptions } from './reconnect-backoff';

/** One attempt at a subscription: its messages until it ends or fails. */
export interface SubscriptionAttempt {
  messages: AsyncIterable<SubscriptionMessage>;
  close(): Promise<void>;
}

/**
 * A subscription that survives drops: when an attempt fails (or the server ends it), it waits
 * with exponential backoff and opens a new attempt after the last event it delivered, so the
 * caller sees one gap-free, duplicate-free sequence. `caught-up` is passed on once, as the port
 * promises. A delivered event resets the backoff.
 */
export function resubscribing(open: (after: bigint) => SubscriptionAttempt, from: bigint, options: ResubscribeOptions = {}): Subscription {
  const backoff = new ReconnectBackoff(options);
  let closed = false;
  let current: SubscriptionAttempt | undefined;

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    let position = from;
    let caughtUpSent = false;
    while (!closed) {
      current = open(position);
      let failure: unknown = new Error('the server ended the subscription');
      try {
        for await (const message of current.messages) {
          if (closed) return;
          if (message.kind === 'event') {
            if (message.event.position <= position) continue;
            position = message.event.position;
            backoff.succeeded();
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
      await backoff.afterDrop(failure, position);
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      closed = true;
      backoff.cancel();
      await current?.close();
    },
  };
}
