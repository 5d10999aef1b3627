import { Attributes, SpanKind } from '@opentelemetry/api';
import type { ExpectedRevision, NewEvent } from './event-store';
import type { SpanOptions } from '../tracing/tracing';

/** How both adapters name their spans (docs/observability.md): the store, the stream (a keyed hash for a citizen), counts and revisions. */
export const CLIENT_SPAN: SpanOptions = { kind: SpanKind.CLIENT };
export const SQLITE: Attributes = { 'db.system.name': 'sqlite' };
export const EVENTSTOREDB: Attributes = { 'db.system.name': 'eventstoredb' };

export const appendAttributes = (system: Attributes, streamId: string, events: NewEvent[], expected: ExpectedRevision): Attributes => ({
  ...system,
  'overgang.stream': streamId,
  'overgang.events': events.length,
  'overgang.expected_revision': String(expected),
});
