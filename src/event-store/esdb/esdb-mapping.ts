import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AppendExpectedRevision,
  type Filter,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import { EventFilter, ExpectedRevision } from '../event-store';

/**
 * Pure translations between the port and EventStoreDB.
 *
 * Positions: the port's single bigint is the event's *prepare* position in the EventStoreDB log.
 * It is unique and grows in $all order (one append is written contiguously by the single writer).
 * The commit position is not: every event of one multi-event append shares it. Resuming from a
 * checkpoint needs both, so a checkpoint whose commit position is unknown (after a restart) is
 * resumed from one maximum append size earlier, and everything at or before it is skipped: an
 * event's commit position is never further than that before its prepare position.
 */

/** EventStoreDB's default MaxAppendSize (1 MiB): no append, hence no transaction, spans more of the log. */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576n;

export function expectedRevisionFor(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/** The port's position of an EventStoreDB event (its prepare position). */
export function portPositionOf(position: Position | undefined): bigint {
  return position?.prepare ?? 0n;
}

/** Where to start reading to see every event after `checkpoint`: exact when its commit position is known. */
export function readPositionAfter(checkpoint: bigint, knownCommit: bigint | undefined, maxAppendSize = DEFAULT_MAX_APPEND_SIZE): ReadPosition {
  if (checkpoint <= 0n) return START;
  if (knownCommit !== undefined) return { commit: knownCommit, prepare: checkpoint };
  const earlier = checkpoint - maxAppendSize;
  return earlier <= 0n ? START : { commit: earlier, prepare: earlier };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The server-side filter for a port filter. EventStoreDB filters on stream name *or* event type,
 * so with both the stream prefixes go to the server and the types are checked here
 * (`matchesFilter`). Without a filter, system events ($-types) stay on the server.
 */
export function serverFilterFor(filter: EventFilter | undefined): Filter {
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes });
  if (filter?.eventTypes?.length) return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  return excludeSystemEvents();
}

/** The whole filter, client side: system streams and types never reach the application. */
export function matchesFilter(streamId: string, type: string, filter: EventFilter | undefined): boolean {
  if (streamId.startsWith('$') || type.startsWith('$')) return false;
  if (filter?.streamPrefixes?.length && !filter.streamPrefixes.some((prefix) => streamId.startsWith(prefix))) return false;
  if (filter?.eventTypes?.length && !filter.eventTypes.includes(type)) return false;
  return true;
}
