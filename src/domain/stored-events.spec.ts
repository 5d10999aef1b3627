import { storedEventsOf } from './stored-events';

type Event = { type: 'Opened'; data: { by: string } } | { type: 'Counted'; data: { count: number; unit: string } };

describe('stored events of a stream', () => {
  const events = storedEventsOf<Event>({ Opened: true, Counted: true }, { Counted: (stored) => ({ unit: 'letters', ...(stored as { count: number }) }) });

  it('lists every type the stream has', () => {
    expect(events.types).toEqual(['Opened', 'Counted']);
  });

  it('gives the domain event of a stored one, upcasting data stored in an older shape', () => {
    expect(events.read({ type: 'Opened', data: { by: 'desk' } })).toEqual({ type: 'Opened', data: { by: 'desk' } });
    expect(events.read({ type: 'Counted', data: { count: 3 } })).toEqual({ type: 'Counted', data: { count: 3, unit: 'letters' } });
    expect(events.read({ type: 'Counted', data: { count: 3, unit: 'cards' } })).toEqual({ type: 'Counted', data: { count: 3, unit: 'cards' } });
  });

  it('leaves out types the stream does not know (newer versions, audit events)', () => {
    expect(events.read({ type: 'Archived', data: {} })).toBeUndefined();
  });
});
