import { until } from '../../../test/support/until';
import { RecordedEvent, SubscriptionMessage } from '../event-store';
import { SubscriptionAttempt, resubscribing } from './resubscribing-subscription';

const event = (position: bigint): SubscriptionMessage => ({
  kind: 'event',
  event: { id: `e${position}`, type: 'T', streamId: 's', revision: position, position, data: {}, metadata: {} as RecordedEvent['metadata'] },
});

/** A scripted source standing in for the server's gRPC stream: each attempt yields its messages, then fails or waits. */
function scriptedSource(attempts: { messages: SubscriptionMessage[]; fail?: boolean }[]) {
  const openedAfter: bigint[] = [];
  const open = (after: bigint): SubscriptionAttempt => {
    const script = attempts[openedAfter.length] ?? { messages: [] };
    openedAfter.push(after);
    let release: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (release = resolve));
    return {
      messages: (async function* () {
        for (const message of script.messages) yield message;
        if (script.fail) throw new Error('connection reset');
        await closed;
      })(),
      close: async () => release(),
    };
  };
  return { open, openedAfter };
}

async function take(iterable: AsyncIterable<SubscriptionMessage>, count: number) {
  const seen: string[] = [];
  for await (const message of iterable) {
    seen.push(message.kind === 'event' ? String(message.event.position) : 'caught-up');
    if (seen.length === count) break;
  }
  return seen;
}

describe('resubscribing subscription', () => {
  it('resubscribes after a drop from the last delivered position, without gaps, duplicates or a second caught-up', async () => {
    const source = scriptedSource([
      { messages: [event(10n), event(20n), { kind: 'caught-up', position: 20n }, event(30n)], fail: true },
      // The server may resend what the client already had: it is skipped.
      { messages: [event(30n), event(40n), { kind: 'caught-up', position: 40n }, event(50n)] },
    ]);
    const drops: { attempt: number; delayMs: number; resumeAfter?: bigint; error: unknown }[] = [];
    const subscription = resubscribing(source.open, 0n, { initialDelayMs: 1, onDropped: (drop) => drops.push(drop) });
    const seen = await take(subscription, 6);
    await subscription.close();
    expect(seen).toEqual(['10', '20', 'caught-up', '30', '40', '50']);
    expect(source.openedAfter).toEqual([0n, 30n]);
    expect(drops).toEqual([{ attempt: 1, delayMs: 1, resumeAfter: 30n, error: expect.objectContaining({ message: 'connection reset' }) }]);
  });

  it('doubles the wait while attempts keep failing without delivering anything', async () => {
    const source = scriptedSource([{ messages: [], fail: true }, { messages: [], fail: true }, { messages: [], fail: true }, { messages: [event(7n)] }]);
    const delays: number[] = [];
    const subscription = resubscribing(source.open, 5n, { initialDelayMs: 2, maxDelayMs: 6, onDropped: ({ delayMs }) => delays.push(delayMs) });
    expect(await take(subscription, 1)).toEqual(['7']);
    await subscription.close();
    expect(delays).toEqual([2, 4, 6]);
    expect(source.openedAfter).toEqual([5n, 5n, 5n, 5n]);
  });

  it('ends iteration when closed while waiting, and while backing off', async () => {
    const waiting = resubscribing(scriptedSource([{ messages: [event(1n)] }]).open, 0n);
    const messages = waiting[Symbol.asyncIterator]();
    expect((await messages.next()).value).toMatchObject({ kind: 'event', event: { position: 1n } });
    // Nothing more comes: the next read waits until the subscription is closed.
    const next = messages.next();
    await waiting.close();
    expect(await next).toMatchObject({ done: true });

    const failing = scriptedSource([{ messages: [], fail: true }]);
    const backingOff = resubscribing(failing.open, 0n, { initialDelayMs: 60_000 });
    const stopped = take(backingOff, 10);
    // Its first attempt failed: it is now waiting a minute before the next.
    await until(
      async () => failing.openedAfter.length,
      (n) => n >= 1,
      2_000,
    );
    await backingOff.close();
    expect(await stopped).toEqual([]);
  });
});
