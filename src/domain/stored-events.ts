/**
 * How a stream's stored events become its domain events, declared once per stream: every type, as a record
 * the compiler holds complete (a type added to the union and not here fails to compile), and the upcasters
 * that bring data stored in an older shape to the current one. Folds (the deciders' evolve, projections)
 * then only ever see current shapes.
 */
type DomainEvent = { type: string; data: unknown };

export type EventTypes<Event extends DomainEvent> = Record<Event['type'], true>;

/** Per type, the data as stored (any earlier shape) to the data as it is now. */
export type Upcasters<Event extends DomainEvent> = { [Type in Event['type']]?: (stored: unknown) => Extract<Event, { type: Type }>['data'] };

export interface StoredEvents<Event extends DomainEvent> {
  /** Every type of the stream, in declaration order. */
  readonly types: readonly Event['type'][];
  /** The domain event of a stored one (upcast if need be); undefined for a type the stream does not know (newer versions, audit). */
  read(stored: { type: string; data: unknown }): Event | undefined;
}

export function storedEventsOf<Event extends DomainEvent>(types: EventTypes<Event>, upcasters: Upcasters<Event> = {}): StoredEvents<Event> {
  const known = new Set<string>(Object.keys(types));
  const upcast = upcasters as Record<string, ((stored: unknown) => unknown) | undefined>;
  return {
    types: Object.keys(types) as Event['type'][],
    read: (stored) => {
      if (!known.has(stored.type)) return undefined;
      const toCurrent = upcast[stored.type];
      // The stored data was written from these very types: the type tag is what is checked.
      return { type: stored.type, data: toCurrent ? toCurrent(stored.data) : stored.data } as Event;
    },
  };
}
