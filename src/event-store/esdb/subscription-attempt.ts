import type { AllStreamResolvedEvent, AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import { EventFilter, SubscriptionMessage } from '../event-store';
import { matchesFilter, readPositionAfter, serverFilterFor } from './esdb-mapping';
import { withDeadline } from './client-errors';
import { recordedEventOf } from './recorded-event';
import { SubscriptionAttempt } from './resubscribing-subscription';

/** Events buffered per subscription before the gRPC stream is paused. */
const HIGH_WATER = 2000;

export interface AttemptOptions {
  /** A server checkpoint at or past this position counts as caught up too (what a read up to that head needs, whatever comes live). */
  until?: bigint;
  /** A read, not a live subscription: nothing from the server for this long is EventStoreUnavailable. */
  idleMs?: number;
}

/** One gRPC subscription, its events and the server's caught-up signal merged in order. */
export function subscriptionAttempt(
  client: EventStoreDBClient,
  after: bigint,
  filter: EventFilter | undefined,
  { until, idleMs }: AttemptOptions = {},
): SubscriptionAttempt {
  const reached = (position: bigint) => {
    if (until !== undefined && position >= until && grpc.readableLength === 0) push({ kind: 'caught-up', position: latest });
  };
  const grpc: AllStreamSubscription = client.subscribeToAll({
    fromPosition: readPositionAfter(after),
    filter: serverFilterFor(filter, (position) => reached(position)),
    resolveLinkTos: false,
  });
  const queue: (SubscriptionMessage | { kind: 'end'; error?: unknown })[] = [];
  let notify: (() => void) | undefined;
  let caughtUpAfterBuffered: number | undefined;
  let latest = after;
  const push = (message: (typeof queue)[number]) => {
    queue.push(message);
    if (queue.length >= HIGH_WATER) grpc.pause();
    notify?.();
  };
  grpc.on('data', (resolved: AllStreamResolvedEvent) => {
    const event = recordedEventOf(resolved);
    if (event && event.position > latest && matchesFilter(event.streamId, event.type, filter)) {
      latest = event.position;
      push({ kind: 'event', event });
    }
    // The server's caught-up arrived while earlier events were still buffered: it follows them.
    if (caughtUpAfterBuffered !== undefined && --caughtUpAfterBuffered === 0) {
      caughtUpAfterBuffered = undefined;
      push({ kind: 'caught-up', position: latest });
    }
  });
  grpc.once('caughtUp', () => {
    if (grpc.readableLength === 0) push({ kind: 'caught-up', position: latest });
    else caughtUpAfterBuffered = grpc.readableLength;
  });
  grpc.on('error', (error: unknown) => push({ kind: 'end', error }));
  grpc.on('end', () => push({ kind: 'end' }));
  grpc.on('close', () => push({ kind: 'end' }));

  let closed = false;
  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    while (!closed) {
      const message = queue.shift();
      if (!message) {
        // Timed only while nothing is buffered: a timer per event would cost the reads that flow.
        const arrived = new Promise<void>((resolve) => (notify = resolve));
        await (idleMs === undefined ? arrived : withDeadline(arrived, idleMs));
        notify = undefined;
        continue;
      }
      if (queue.length < HIGH_WATER / 2 && grpc.isPaused()) grpc.resume();
      if (message.kind === 'end') {
        if (message.error !== undefined) throw message.error;
        return;
      }
      yield message;
    }
  }
  return {
    messages: messages(),
    close: async () => {
      if (closed) return;
      closed = true;
      notify?.();
      await grpc.unsubscribe();
    },
  };
}
