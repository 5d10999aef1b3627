import { ProjectedEvent, ProjectionDefinition, handlerOf, partitionOf } from '../../projections/projection';

/** A projection's fold threw at this event: the runner records it as a dead letter (read-model-file/faults.ts). */
export class FoldFailed extends Error {
  constructor(
    readonly event: ProjectedEvent,
    override readonly cause: unknown,
  ) {
    super(`could not fold ${event.type} at position ${event.position}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The state after one event, with a failure named by its event. */
export function foldEvent<State>(definition: ProjectionDefinition<State>, state: State, event: ProjectedEvent): State {
  const handler = handlerOf(definition, event.type);
  if (!handler) return state;
  try {
    return handler(state, event);
  } catch (error) {
    throw new FoldFailed(event, error);
  }
}

/** The row an event goes to, with a failure (a partition read from data the event lacks) named by its event. */
export function partitionFor<State>(definition: ProjectionDefinition<State>, event: ProjectedEvent): string | undefined {
  try {
    return partitionOf(definition, event);
  } catch (error) {
    throw new FoldFailed(event, error);
  }
}
