import { AppendResult, ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '../event-store/event-store';
import type { Appender } from '../event-store/sqlite/sqlite-event-store';
import { DiskFull } from '../storage/data-disk';
import { StorageFault } from '../storage/sqlite-file';
import { CarriesProblem, Problem, TITLES, problemType } from '../http/problem';

/**
 * A follower's append as it crosses to the leader, and its outcome back: Node's channel carries JSON, so the
 * revisions go as decimal strings and the store's errors as what they say, made again on the follower's side.
 */
export interface WireAppend {
  streamId: string;
  events: NewEvent[];
  /** `any`, `no_stream`, `stream_exists` or a revision in decimal. */
  expected: string;
}

export type WireError =
  | { kind: 'wrong-revision'; streamId: string; expected: string; actual: string }
  | { kind: 'disk-full' }
  | { kind: 'damaged'; message: string }
  /** The leader is not serving (starting, or being replaced): nothing was written, the follower writes itself. */
  | { kind: 'leader-away' }
  /** The leader exited with the append in hand: it may or may not have been written. */
  | { kind: 'lost' }
  | { kind: 'failed'; message: string };

export type WireOutcome = { ok: true; nextRevision: string; position: string } | { ok: false; error: WireError };

const encodeRevision = (expected: ExpectedRevision): string => String(expected);

function decodeRevision(expected: string): ExpectedRevision {
  return expected === 'any' || expected === 'no_stream' || expected === 'stream_exists' ? expected : BigInt(expected);
}

const toWire = (streamId: string, events: NewEvent[], expected: ExpectedRevision): WireAppend => ({ streamId, events, expected: encodeRevision(expected) });

const fromWire = (append: WireAppend): [string, NewEvent[], ExpectedRevision] => [append.streamId, append.events, decodeRevision(append.expected)];

const outcomeOf = (result: AppendResult): WireOutcome => ({ ok: true, nextRevision: String(result.nextRevision), position: String(result.position) });

/** The error as it can cross; anything unforeseen as its message alone (the leader's log has the rest). */
function failureOf(error: unknown): WireOutcome {
  if (error instanceof WrongExpectedRevisionError) {
    return { ok: false, error: { kind: 'wrong-revision', streamId: error.streamId, expected: encodeRevision(error.expected), actual: String(error.actual) } };
  }
  if (error instanceof DiskFull) return { ok: false, error: { kind: 'disk-full' } };
  if (error instanceof StorageFault) return { ok: false, error: { kind: 'damaged', message: error.message } };
  return { ok: false, error: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } };
}

/** The leader's side: a follower's append written here, its outcome as it can cross back. */
export const answerAppend = (append: WireAppend, write: Appender): Promise<WireOutcome> => write(...fromWire(append)).then(outcomeOf, failureOf);

/** The leader exited with the append in hand: whether it was written is not known, so the caller is told to try again. */
export class AppendLost extends Error implements CarriesProblem {
  problem(): Problem {
    return {
      type: problemType('processes-not-answering'),
      title: TITLES[503],
      status: 503,
      detail: {
        da: 'processen, der skriver, blev udskiftet midt i skrivningen; prøv igen (det samme to gange registreres én gang)',
        en: 'the process that writes was replaced mid-write; try again (the same request twice is recorded once)',
      },
    };
  }
}

/**
 * A follower's appends, written by the leader's group commit (one writer, one sync for all processes); while the
 * leader is away (starting, being replaced) by the follower itself, as a process alone would.
 */
export function throughLeader(ask: (append: WireAppend) => Promise<WireOutcome>, itself: Appender): Appender {
  return async (streamId, events, expected) => {
    const outcome = await ask(toWire(streamId, events, expected));
    if (outcome.ok) return { nextRevision: BigInt(outcome.nextRevision), position: BigInt(outcome.position) };
    const { error } = outcome;
    switch (error.kind) {
      case 'leader-away':
        return itself(streamId, events, expected);
      case 'lost':
        throw new AppendLost("the leader exited with a follower's append in hand");
      case 'wrong-revision':
        throw new WrongExpectedRevisionError(error.streamId, decodeRevision(error.expected), error.actual === 'no_stream' ? 'no_stream' : BigInt(error.actual));
      case 'disk-full':
        throw new DiskFull();
      case 'damaged':
        throw new StorageFault(error.message);
      case 'failed':
        throw new Error(`the leader's append failed: ${error.message}`);
      default:
        return error satisfies never;
    }
  };
}
