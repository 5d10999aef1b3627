import type { EventMetadata } from '../src/event-store/event-store';

type AnyEvent = { type: string; data: unknown };

/** What a projection sees of a recorded event: its type and data, where it was recorded and with what metadata. */
export type ProjectedEvent<Event extends AnyEvent = AnyEvent> = Event & {
  streamId: string;
  position: bigint;
  metadata: EventMetadata;
};

/**
 * A handler per event type folded, each given its own event's data. A handler returns a new state and never
 * changes the one it is given: the same object back means "nothing to write". Data stored in an older shape
 * reaches a handler as stored: one that needs the current shape reads the event through its stream's
 * `storedEventsOf` (src/domain/stored-events.ts), where the upcasting is.
 */
export type Handlers<State, Event extends AnyEvent> = {
  [Type in Event['type']]?: Bivariant<[state: State, event: ProjectedEvent<Extract<Event, { type: Type }>>], State>;
};

type Handler<State> = (state: State, event: ProjectedEvent) => State;

/**
 * A function checked as a method is (bivariantly in its parameters): a definition of some events is then a
 * definition of events, which the engine runs among the others, dispatching each event on its type.
 */
type Bivariant<Parameters extends unknown[], Result> = { bivarianceHack(...parameters: Parameters): Result }['bivarianceHack'];

export type IndexValue = string | number | boolean | null;

/**
 * A read model as data plus pure functions (docs/architecture.md, "Projections"). The engine in
 * src/projection-engine runs it against any EventStore; bump `version` to rebuild from 0.
 */
export interface ProjectionDefinition<State, Index extends string = string, Event extends AnyEvent = AnyEvent> {
  name: string;
  version: number;
  /** Only events from streams starting with one of these are delivered. */
  streamPrefixes: string[];
  /**
   * The partition (row) an event belongs to; undefined skips the event. Default: its stream id.
   * Given as `{ stream }`, it depends on the stream id alone, one stream to one row: a rebuild may then
   * read stream after stream and write each row once.
   */
  partitionBy?: Bivariant<[event: ProjectedEvent<Event>], string | undefined> | { stream: (streamId: string) => string | undefined };
  init: (partition: string) => State;
  when: Handlers<State, Event>;
  /** Query columns computed from the state; null leaves the row out of filters on that column. */
  indexes: Record<Index, Bivariant<[state: State], IndexValue>>;
  /**
   * Index columns whose rows are counted per combination of values (and first character of the key) as rows are
   * written: a count filtered on them sums counts instead of reading every row (the national progress and a
   * campaign's remaining citizens, polled by the agency's page).
   */
  counted?: NoInfer<Index>[];
}

/**
 * A definition whose index names are kept in its type, so a read-model handle (`readModels.of(definition)`)
 * only accepts filters on columns that exist: `defineProjection<Row>()({ ... })`.
 */
export const defineProjection =
  <State, Event extends AnyEvent = AnyEvent>() =>
  <Index extends string>(definition: ProjectionDefinition<State, Index, Event>): ProjectionDefinition<State, Index, Event> =>
    definition;

/** The handler of a type, for the engine, which dispatches events of every type on `type`. */
export const handlerOf = <State>(definition: ProjectionDefinition<State>, type: string): Handler<State> | undefined =>
  (definition.when as Record<string, Handler<State> | undefined>)[type];

/** The events a definition folds, as a read filter: the store leaves out every other stream and type. */
export const eventsFoldedBy = <State>(definition: ProjectionDefinition<State>): { streamPrefixes: string[]; eventTypes: string[] } => ({
  streamPrefixes: definition.streamPrefixes,
  eventTypes: Object.keys(definition.when),
});

/** Whether each row is one stream's, named from the stream id alone. */
export const partitionedByStream = <State>(definition: ProjectionDefinition<State>): boolean => typeof definition.partitionBy !== 'function';

export function partitionOf<State>(definition: ProjectionDefinition<State>, event: ProjectedEvent): string | undefined {
  const { partitionBy } = definition;
  if (partitionBy === undefined) return event.streamId;
  return typeof partitionBy === 'function' ? partitionBy(event) : partitionBy.stream(event.streamId);
}

/** Runs a definition over events in memory: the reference the engine must agree with. */
export function foldPartitions<State>(definition: ProjectionDefinition<State>, events: ProjectedEvent[]): Map<string, State> {
  const states = new Map<string, State>();
  for (const event of events) {
    const handler = handlerOf(definition, event.type);
    if (!handler || !definition.streamPrefixes.some((p) => event.streamId.startsWith(p))) continue;
    const partition = partitionOf(definition, event);
    if (partition === undefined) continue;
    states.set(partition, handler(states.get(partition) ?? definition.init(partition), event));
  }
  return states;
}

/** Definitions of different state types side by side (the engine never looks inside the state). */
export type AnyProjectionDefinition = ProjectionDefinition<unknown>;
