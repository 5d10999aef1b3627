import {
  AccessDeniedError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { AppendTooLarge, EventStoreAccessDenied, EventStoreUnavailable, StreamDeleted } from '../store-errors';
import { isTransient, portErrorOf, withRetries } from './client-errors';

/** Against client 6.2.1's own error classes, as its calls throw them (no server: these are its types, built here). */
const notLeader = () => Object.create(NotLeaderError.prototype) as NotLeaderError;
const notReady = () => new UnknownError(undefined, 'Could not recognize Server Is Not Ready');

describe('EventStoreDB errors worth another try', () => {
  it('retries a node that is not ready, a follower, an unavailable node; never a conflict, a deleted stream or a refusal', () => {
    expect(isTransient(notReady())).toBe(true);
    expect(isTransient(notLeader())).toBe(true);
    expect(isTransient(new UnavailableError())).toBe(true);
    expect(isTransient(new UnknownError(undefined, 'Could not recognize something else'))).toBe(false);
    expect(isTransient(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 2n }))).toBe(false);
    expect(isTransient(StreamDeletedError.fromStreamName('s'))).toBe(false);
    expect(isTransient(new AccessDeniedError())).toBe(false);
  });

  it("gives each a caller's answer: 410 for a deleted stream, 413 for a too large append, 503 for a refusal or no answer", () => {
    const deleted = portErrorOf(StreamDeletedError.fromStreamName('citizen-1'));
    expect(deleted).toBeInstanceOf(StreamDeleted);
    expect((deleted as StreamDeleted).problem().status).toBe(410);
    expect((deleted as StreamDeleted).message).not.toMatch(/citizen-1/);
    const large = portErrorOf(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576)) as AppendTooLarge;
    expect([large.problem().status, large.problem().detail.en]).toEqual([413, expect.stringMatching(/1048576 bytes/)]);
    expect((portErrorOf(new AccessDeniedError()) as EventStoreAccessDenied).problem().status).toBe(503);
    const unavailable = portErrorOf(notReady()) as EventStoreUnavailable;
    expect([unavailable.problem().status, unavailable.headers()]).toEqual([503, { 'Retry-After': '10' }]);
    const other = new Error('anything else');
    expect(portErrorOf(other)).toBe(other);
  });
});

describe('withRetries', () => {
  const quick = { attempts: 4, initialDelayMs: 1, maxDelayMs: 4 };

  it('tries again while the node is not ready, reporting each retry, and returns what the call finally gives', async () => {
    const failures = [notReady(), notLeader()];
    const retries: string[] = [];
    const result = await withRetries(
      'append',
      async () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return 'appended';
      },
      { ...quick, onRetry: ({ operation, attempt }) => retries.push(`${operation} ${attempt}`) },
    );
    expect([result, retries]).toEqual(['appended', ['append 1', 'append 2']]);
  });

  it("gives up after its tries with the port's error, and at once on an error no retry mends", async () => {
    let calls = 0;
    const always = () => {
      calls++;
      return Promise.reject(new UnavailableError());
    };
    await expect(withRetries('append', always, quick)).rejects.toBeInstanceOf(EventStoreUnavailable);
    expect(calls).toBe(4);
    calls = 0;
    const deleted = () => {
      calls++;
      return Promise.reject(StreamDeletedError.fromStreamName('s'));
    };
    await expect(withRetries('append', deleted, quick)).rejects.toBeInstanceOf(StreamDeleted);
    expect(calls).toBe(1);
  });

  it('stops waiting when its caller stops', async () => {
    const stopping = new AbortController();
    const began = Date.now();
    const attempt = withRetries('create group', () => Promise.reject(new UnavailableError()), {
      attempts: 5,
      initialDelayMs: 60_000,
      maxDelayMs: 60_000,
      signal: stopping.signal,
    });
    stopping.abort();
    await expect(attempt).rejects.toBeInstanceOf(EventStoreUnavailable);
    expect(Date.now() - began).toBeLessThan(10_000);
  });
});
