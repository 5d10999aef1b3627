import { tempFileWith as fileWith } from '../../test/support/temp-file';
import { ScheduleRefused, scheduleNamed } from './schedules';
import { SIMULATION_PARAMETERS } from './simulation-parameters';

describe('the schedules a simulation can run', () => {
  it('real: the deadline moved on 2022-05-02 to 2022-10-31 (docs/facts.md); original: never moved', () => {
    expect(scheduleNamed('real').moves).toEqual([{ on: '2022-05-02', to: '2022-10-31', reason: expect.any(String) }]);
    expect(scheduleNamed('original').moves).toEqual([]);
  });

  it('a JSON file of the same shape', () => {
    const path = fileWith(JSON.stringify({ name: 'early', schedule: { reminderDaysBefore: [90, 45] }, moves: [], updateInfoLettersOn: '2021-09-01' }));
    expect(scheduleNamed(path)).toEqual({ name: 'early', schedule: { reminderDaysBefore: [90, 45] }, moves: [], updateInfoLettersOn: '2021-09-01' });
  });

  it.each([
    ['an unknown name', 'fastest', 'unknown schedule fastest: give real, original or a JSON file'],
    ['not JSON', fileWith('deadline: soon'), 'is not JSON'],
    ['a bad date', fileWith(JSON.stringify({ name: 'x', schedule: { deadline: '2022-02-30' } })), 'schedule.deadline must be a date such as 2022-10-31'],
    ['a move without a reason', fileWith(JSON.stringify({ name: 'x', moves: [{ on: '2022-05-02', to: '2022-10-31' }] })), 'moves must be a list of'],
    [
      'reminders that are not days',
      fileWith(JSON.stringify({ name: 'x', schedule: { reminderDaysBefore: [0] } })),
      'reminderDaysBefore must be a list of whole days',
    ],
  ])('refuses %s, saying why', (_, name, reason) => {
    expect(() => scheduleNamed(name)).toThrow(ScheduleRefused);
    expect(() => scheduleNamed(name)).toThrow(reason);
  });
});

describe('the behaviour parameters', () => {
  it.each(Object.entries(SIMULATION_PARAMETERS))('%s cites docs/facts.md or says it is an assumption, and why', (_, { source }) => {
    expect(source).toMatch(/^(docs\/facts\.md: |assumption: ).{20,}/);
  });
});
