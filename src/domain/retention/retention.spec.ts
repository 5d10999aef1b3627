import { deciderSpec } from '../../../test/support/decider-spec';
import { InvalidCommand } from '../errors';
import { RetentionCommand, RetentionEvent, retentionDecider, retiredBy } from './index';

const given = deciderSpec(retentionDecider);
const now = new Date('2028-11-01T10:00:00+01:00');
const start = (runId = 'abc', asOf = '2028-11-01'): RetentionCommand => ({
  type: 'StartRetentionRun',
  data: { runId, asOf, retentionYears: 5, planned: 1200 },
  metadata: { now },
});
const started: RetentionEvent = {
  type: 'RetentionRunStarted',
  data: { runId: 'abc', asOf: '2028-11-01', retentionYears: 5, retiredBy: '2023-11-01', planned: 1200 },
};
const batch = (through: string): RetentionCommand => ({ type: 'RecordRetentionBatch', data: { runId: 'abc', forgotten: 500, through }, metadata: { now } });

describe('runs of the retention rule', () => {
  it('a run as of a day forgets the holders retired the set number of years before it, or earlier', () => {
    given([]).when(start()).then([started]);
    expect(retiredBy('2028-02-29', 5)).toBe('2023-02-28');
  });

  it('retention-run-not-ahead: only what is due today or before is erased (a plan may look ahead)', () => {
    given([]).when(start('abc', '2028-11-02')).thenInvalid('asOf');
    expect(() => retentionDecider.decide(start('abc', '2028-11-02'), retentionDecider.initialState())).toThrow(InvalidCommand);
  });

  it('one-retention-run-at-a-time: an unfinished run goes on before another starts; starting it again records nothing', () => {
    given([started]).when(start('other')).thenRefusedBy('one-retention-run-at-a-time');
    given([started]).when(start()).thenNothingHappens();
  });

  it('records each batch once, by how far it got: a batch replayed after a restart records nothing', () => {
    given([started])
      .when(batch('m'))
      .then([{ type: 'RetentionBatchDone', data: { runId: 'abc', forgotten: 500, through: 'm' } }]);
    given([started, { type: 'RetentionBatchDone', data: { runId: 'abc', forgotten: 500, through: 'm' } }])
      .when(batch('m'))
      .thenNothingHappens();
  });

  it('finishes once, and then another run may start', () => {
    const finished: RetentionEvent = { type: 'RetentionRunFinished', data: { runId: 'abc', finishedAt: now.toISOString() } };
    given([started])
      .when({ type: 'FinishRetentionRun', data: { runId: 'abc' }, metadata: { now } })
      .then([finished]);
    given([started, finished])
      .when({ type: 'FinishRetentionRun', data: { runId: 'abc' }, metadata: { now } })
      .thenNothingHappens();
    given([started, finished])
      .when(start('next'))
      .then([{ ...started, data: { ...started.data, runId: 'next' } }]);
  });

  it('keeps every run with its count', () => {
    const state = [started, { type: 'RetentionBatchDone', data: { runId: 'abc', forgotten: 500, through: 'm' } } as RetentionEvent].reduce(
      retentionDecider.evolve,
      retentionDecider.initialState(),
    );
    expect(state.runs).toEqual([{ ...started.data, forgotten: 500, through: 'm', startedAt: '' }]);
  });
});
