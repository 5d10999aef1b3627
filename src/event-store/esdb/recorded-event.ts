import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import { RecordedEvent } from '../event-store';
import { portPositionOf } from './esdb-mapping';

/**
 * A stream's event this service did not write (binary data): counted, so a command appends after it, and folded by
 * nobody (no fold knows its type). Its time is the store's; its data is left out.
 */
export const UNREADABLE_EVENT_TYPE = 'UnreadableEvent';

export function unreadableEventOf(resolved: ResolvedEvent): RecordedEvent {
  const event = resolved.event ?? resolved.link;
  return {
    id: event?.id ?? '',
    type: UNREADABLE_EVENT_TYPE,
    streamId: event?.streamId ?? '',
    revision: event?.revision ?? -1n,
    position: portPositionOf(event?.position),
    data: { storedType: event?.type },
    metadata: {
      occurredAt: (event?.created ?? new Date(0)).toISOString(),
      correlationId: '',
      causationId: '',
      actor: { role: 'system', subject: 'event-store' },
      schemaVersion: 0,
    },
  };
}

/** A port event from an EventStoreDB one; undefined for a link without its target or a non-JSON event. */
export function recordedEventOf(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: portPositionOf(event.position),
    data: event.data,
    metadata: event.metadata as unknown as RecordedEvent['metadata'],
  };
}
