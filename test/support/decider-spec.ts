import type { Decider } from '../../src/domain/decider';
import { InvalidCommand, RuleViolated } from '../../src/domain/errors';

/** Given/when/then for deciders, in the style of Emmett's DeciderSpecification. */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return (given: Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      const failure = (): unknown => {
        try {
          run();
        } catch (caught) {
          return caught;
        }
        return undefined;
      };
      return {
        then: (expected: Event[]) => expect(run()).toEqual(expected),
        thenNothingHappens: () => expect(run()).toEqual([]),
        thenRefusedBy: (rule: string, message?: RegExp) => {
          const error = failure();
          expect(error).toBeInstanceOf(RuleViolated);
          expect((error as RuleViolated).rule).toBe(rule);
          if (message) expect((error as RuleViolated).message).toMatch(message);
        },
        /** Refused as invalid input (HTTP 400) naming the field. */
        thenInvalid: (field: string) => {
          const error = failure();
          expect(error).toBeInstanceOf(InvalidCommand);
          expect((error as InvalidCommand).field).toBe(field);
        },
        thenThrows: (errorType: new (...args: never[]) => Error) => expect(run).toThrow(errorType),
      };
    },
  });
}
