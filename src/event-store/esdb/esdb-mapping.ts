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
import { EventFilter, ExpectedRevision, inFilter } from '../event-store';

/**
 * Pure translations between the port and EventStoreDB.
 *
 * Positions: the port's single bigint is the event's position in the EventStoreDB log. Over gRPC every
 * append is its own implicit transaction, so each event commits itself: commit = prepare = the event's
 * log position, for this client's events and any other gRPC writer's. A checkpoint is therefore resumed
 * exactly from { commit: p, prepare: p }, in this process or in any other, with nothing remembered.
 */

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

/** The port's position of an EventStoreDB event (its prepare position, equal to its commit position over gRPC). */
export function portPositionOf(position: Position | undefined): bigint {
  return position?.prepare ?? 0n;
}

/** Where to start reading to see every event after `checkpoint` (the event at it comes again and is skipped). */
export function readPositionAfter(checkpoint: bigint): ReadPosition {
  return checkpoint <= 0n ? START : { commit: checkpoint, prepare: checkpoint };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The server-side filter for a port filter. EventStoreDB filters on stream name *or* event type; with
 * both, the types go to the server (the more selective: letter types occur only in citizen streams,
 * while a citizen-stream prefix would send every citizen event, each needing its own ack in a persistent
 * subscription) and the prefixes are checked here (`matchesFilter`). Without a filter, system events
 * stay on the server.
 */
export function serverFilterFor(filter: EventFilter | undefined, onCheckpoint?: (position: bigint) => void): Filter {
  // The server's checkpoints while it scans past events the filter leaves out (a subscription's only sign of progress then).
  const checkpoints = onCheckpoint ? { checkpointReached: (_: unknown, position: Position) => onCheckpoint(position.prepare) } : {};
  if (filter?.eventTypes?.length) return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$`, ...checkpoints });
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes, ...checkpoints });
  return excludeSystemEvents(checkpoints);
}

/** The whole filter, client side: system streams and types never reach the application. */
export function matchesFilter(streamId: string, type: string, filter: EventFilter | undefined): boolean {
  return !streamId.startsWith('$') && !type.startsWith('$') && inFilter(filter, streamId, type);
}
