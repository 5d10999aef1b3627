import { AppendResult, ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '../event-store/event-store';
import { DiskFull } from '../storage/data-disk';
import { StorageFault } from '../storage/sqlite-file';
import { testEvent } from '../../test/support/events';
import { AppendLost, WireAppend, WireOutcome, answerAppend, throughLeader } from './remote-append';

const EVENT: NewEvent = testEvent('TimelineViewed', { view: 'record' });

/** A follower's appender whose leader writes with `leaderWrites`, the message crossing as JSON both ways, as Node's channel carries it. */
function followerOf(leaderWrites: (streamId: string, events: NewEvent[], expected: ExpectedRevision) => Promise<AppendResult>) {
  const itself = jest.fn(async (): Promise<AppendResult> => ({ nextRevision: 0n, position: 1n }));
  const crossing = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const ask = async (append: WireAppend): Promise<WireOutcome> => crossing(await answerAppend(crossing(append), leaderWrites));
  return { append: throughLeader(ask, itself), itself };
}

describe("a follower's append, written by the leader", () => {
  it('carries the stream, the events and the expected revision across, and the result back', async () => {
    const leaderWrites = jest.fn(async (): Promise<AppendResult> => ({ nextRevision: 5n, position: 9_007_199_254_740_993n }));
    const { append, itself } = followerOf(leaderWrites);
    for (const expected of [4n, 'any', 'no_stream', 'stream_exists'] as ExpectedRevision[]) {
      await expect(append('citizen-a', [EVENT], expected)).resolves.toEqual({ nextRevision: 5n, position: 9_007_199_254_740_993n });
      expect(leaderWrites).toHaveBeenLastCalledWith('citizen-a', [EVENT], expected);
    }
    expect(itself).not.toHaveBeenCalled();
  });

  it("gives the leader's refusals as the store's own errors, with what they say", async () => {
    const refusals: [Error, (error: unknown) => void][] = [
      [
        new WrongExpectedRevisionError('citizen-a', 3n, 'no_stream'),
        (error) => expect(error).toMatchObject({ constructor: WrongExpectedRevisionError, streamId: 'citizen-a', expected: 3n, actual: 'no_stream' }),
      ],
      [new WrongExpectedRevisionError('citizen-a', 'no_stream', 4n), (error) => expect(error).toMatchObject({ expected: 'no_stream', actual: 4n })],
      [new DiskFull(), (error) => expect((error as DiskFull).problem()).toMatchObject({ status: 507 })],
      [
        new StorageFault('events.sqlite is damaged'),
        (error) => expect(error).toMatchObject({ constructor: StorageFault, message: 'events.sqlite is damaged' }),
      ],
      [new Error('something else'), (error) => expect((error as Error).message).toContain('something else')],
    ];
    for (const [refusal, check] of refusals) {
      const { append } = followerOf(async () => {
        throw refusal;
      });
      check(await append('citizen-a', [EVENT], 3n).catch((error: unknown) => error));
    }
  });

  it('writes itself while the leader is away, and says a lost append is to be tried again (503)', async () => {
    const itself = jest.fn(async (): Promise<AppendResult> => ({ nextRevision: 0n, position: 1n }));
    const away = throughLeader(async () => ({ ok: false, error: { kind: 'leader-away' } }), itself);
    await expect(away('citizen-a', [EVENT], 'no_stream')).resolves.toEqual({ nextRevision: 0n, position: 1n });
    expect(itself).toHaveBeenCalledWith('citizen-a', [EVENT], 'no_stream');

    const lost = throughLeader(async () => ({ ok: false, error: { kind: 'lost' } }), itself);
    const error = await lost('citizen-a', [EVENT], 'any').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppendLost);
    expect((error as AppendLost).problem()).toMatchObject({ status: 503 });
    expect(itself).toHaveBeenCalledTimes(1);
  });
});
