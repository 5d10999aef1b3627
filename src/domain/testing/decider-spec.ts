import { RuleViolated } from '../errors';

interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Given/when/then for deciders, in the style of Emmett's DeciderSpecification. */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return (given: Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: Event[]) => expect(run()).toEqual(expected),
        thenNothingHappens: () => expect(run()).toEqual([]),
        thenRefusedBy: (rule: string, message?: RegExp) => {
          let error: unknown;
          try {
            run();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(RuleViolated);
          expect((error as RuleViolated).rule).toBe(rule);
          if (message) expect((error as RuleViolated).message).toMatch(message);
        },
        thenThrows: (errorType: new (...args: never[]) => Error) => expect(run).toThrow(errorType),
      };
    },
  });
}
