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

/** A NemID issued at the desk with a photo ID to a Danish passport holder, as a test stores it straight into the log. */
export const issuedEvent = (issuedOn = '2021-01-01'): NewEvent =>
  testEvent('NemIdIssued', {
    protectedCpr: 'x',
    issuedOn,
    identification: 'photo-id',
    identityConfirmedBy: 'security-questions',
    authenticator: 'code-card',
    profile: {
      needsInfoUpdate: false,
      danishPassport: true,
      digitalPostExempt: false,
      residesAbroad: false,
      addressProtected: false,
      visualImpairment: 'none',
    },
  });
