import { CompetingConsumer, CompetingConsumerOptions, CompetingConsumers } from '../../src/event-store/competing-consumers';
import { EventStore } from '../../src/event-store/event-store';

/**
 * Stands in for EventStoreDB's persistent subscriptions where no EventStoreDB can run, so the
 * shared-mode handlers (delivery, campaign turns) run end to end on the real embedded store:
 * each matching event is handed to the handler; a throw is retried after a pause, as a nack is.
 * It shares nothing between processes and is not offered by the app itself.
 */
export class InProcessCompetingConsumers implements CompetingConsumers {
  readonly handled: { group: string; eventId: string; outcome: 'ack' | 'retry' }[] = [];

  constructor(private readonly store: () => EventStore) {}

  consumer(options: CompetingConsumerOptions): CompetingConsumer {
    let stopped = false;
    let subscription: ReturnType<EventStore['subscribeToAll']> | undefined;
    let running: Promise<void> | undefined;
    const run = async () => {
      subscription = this.store().subscribeToAll({ filter: options.filter });
      for await (const message of subscription) {
        if (message.kind !== 'event') continue;
        for (;;) {
          if (stopped) return;
          try {
            await options.handle(message.event);
            this.handled.push({ group: options.group, eventId: message.event.id, outcome: 'ack' });
            break;
          } catch {
            this.handled.push({ group: options.group, eventId: message.event.id, outcome: 'retry' });
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      }
    };
    return {
      start: async () => {
        running = run();
      },
      stop: async () => {
        stopped = true;
        await subscription?.close();
        await running;
      },
    };
  }
}
