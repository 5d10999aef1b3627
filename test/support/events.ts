import { randomUUID } from 'node:crypto';
import { EventMetadata, NewEvent } from '../../src/event-store/event-store';

/** Metadata for events that tests write straight to a store (no command handler involved). */
export const TEST_METADATA: EventMetadata = {
  occurredAt: '2022-01-01T00:00:00.000Z',
  correlationId: 'test',
  causationId: 'test',
  actor: { role: 'test', subject: 'test' },
  schemaVersion: 1,
};

export const testEvent = (type: string, data: unknown = {}): NewEvent => ({ id: randomUUID(), type, data, metadata: TEST_METADATA });
