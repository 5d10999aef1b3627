import { EventEmitter } from 'node:events';
import { Committed, SubscribeOptions, Subscription, SubscriptionMessage, committedInFilter } from '../event-store';
import { EventReaders, PAGE_SIZE } from './readers';

/**
 * Subscriptions to the log: each reads pages from its position, then waits for a commit of this process that
 * wrote something it wants, or for the poll interval (other processes, such as the CLI, append to the same file).
 */
export class Subscriptions {
  private readonly appended = new EventEmitter();
  private readonly open = new Set<() => Promise<void>>();

  constructor(
    private readonly readers: EventReaders,
    private readonly pollIntervalMs: number,
  ) {
    this.appended.setMaxListeners(0);
  }

  /** Whether anyone in the process listens for commits: what a commit wrote is gathered only then. */
  wanted(): boolean {
    return this.appended.listenerCount('appended') > 0;
  }

  /** A commit wrote these (undefined: unknown, from another connection): subscriptions read now instead of at their next poll. */
  tell(committed?: Committed): void {
    this.appended.emit('appended', committed);
  }

  onAppended(listener: (committed: Committed) => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    let closed = false;
    let wake: (() => void) | undefined;
    // A commit of this instance that wrote nothing the subscription wants does not wake it: the next wake reads past it.
    const onAppended = (committed?: Committed) => (committed === undefined || committedInFilter(committed, options.filter)) && wake?.();
    this.appended.on('appended', onAppended);
    const close = async () => {
      closed = true;
      this.open.delete(close);
      wake?.();
    };
    this.open.add(close);
    const { readers, appended, pollIntervalMs } = this;
    async function* messages(): AsyncGenerator<SubscriptionMessage> {
      let position = options.fromPosition ?? 0n;
      let caughtUp = false;
      try {
        while (!closed) {
          const page = readers.readPage(position, options.filter, PAGE_SIZE);
          for (const event of page.events) {
            if (closed) return;
            yield { kind: 'event', event };
          }
          position = page.scannedTo;
          if (!page.exhausted) continue;
          if (!caughtUp) {
            caughtUp = true;
            yield { kind: 'caught-up', position };
          }
          if (closed) return;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollIntervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      } finally {
        appended.off('appended', onAppended);
      }
    }
    const iterator = messages();
    return { [Symbol.asyncIterator]: () => iterator, close };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((close) => close()));
  }
}
