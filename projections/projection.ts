import type { EventMetadata } from '../src/event-store/event-store';

/** What a projection sees of a recorded event. */
export interface ProjectedEvent<Data = unknown> {
  type: string;
  data: Data;
  streamId: string;
  position: bigint;
  metadata: EventMetadata;
}

export type IndexValue = string | number | boolean | null;

/**
 * A read model as data plus pure functions (DESIGN.md, "Projections"). The engine in
 * src/projection-engine runs it against any EventStore; bump `version` to rebuild from 0.
 */
export interface ProjectionDefinition<State, Index extends string = string> {
  name: string;
  version: number;
  /** Only events from streams starting with one of these are delivered. */
  streamPrefixes: string[];
  /**
   * The partition (row) an event belongs to; undefined skips the event. Default: its stream id.
   * Given as `{ stream }`, it depends on the stream id alone, one stream to one row: a rebuild may then
   * read stream after stream and write each row once.
   */
  partitionBy?: ((event: ProjectedEvent) => string | undefined) | { stream: (streamId: string) => string | undefined };
  init: (partition: string) => State;
  // Handlers name the event data they expect; the engine dispatches on `type`. A handler returns a new
  // state and never changes the one it is given: the same object back means "nothing to write".
  when: Record<string, (state: State, event: ProjectedEvent<any>) => State>;
  /** Query columns computed from the state; null leaves the row out of filters on that column. */
  indexes: Record<Index, (state: State) => IndexValue>;
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
  <State>() =>
  <Index extends string>(definition: ProjectionDefinition<State, Index>): ProjectionDefinition<State, Index> =>
    definition;

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
    const handler = definition.when[event.type];
    if (!handler || !definition.streamPrefixes.some((p) => event.streamId.startsWith(p))) continue;
    const partition = partitionOf(definition, event);
    if (partition === undefined) continue;
    states.set(partition, handler(states.get(partition) ?? definition.init(partition), event));
  }
  return states;
}

/** Definitions of different state types side by side (the engine never looks inside the state). */
export type AnyProjectionDefinition = ProjectionDefinition<any>;
