/**
 * A decider (Emmett's shape): what a command decides given the state, how an event changes the state,
 * and the state before any event. Every aggregate's decider is one of these.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
