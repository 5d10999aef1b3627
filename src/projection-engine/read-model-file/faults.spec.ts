import Database from 'better-sqlite3';
import { READ_MODEL_MIGRATIONS } from './schema';
import { ProjectionFaults, STALL_AFTER, recordedError } from './faults';

describe('dead letters of the read models', () => {
  const open = () => {
    const db = new Database(':memory:');
    for (const migration of READ_MODEL_MIGRATIONS) migration.up(db);
    return new ProjectionFaults(db);
  };
  const event = { id: 'e-1', type: 'NoticeSent', streamId: 'citizen-1', position: 42n };
  const failTimes = (faults: ProjectionFaults, times: number) => {
    let letter = faults.failed('citizen-status', event, new TypeError('boom'), '2026-12-07T10:00:00Z');
    for (let i = 1; i < times; i++) letter = faults.failed('citizen-status', event, new TypeError('boom'), `2026-12-07T10:00:0${i}Z`);
    return letter;
  };

  it(`stalls a projection after ${STALL_AFTER} failures at one event, not before`, () => {
    const faults = open();
    expect(failTimes(faults, STALL_AFTER - 1)).toMatchObject({ state: 'failing', failures: STALL_AFTER - 1 });
    expect(faults.stalled()).toEqual([]);
    expect(faults.failed('citizen-status', event, new TypeError('boom'), '2026-12-07T10:01:00Z')).toMatchObject({ state: 'stalled', failures: STALL_AFTER });
    expect(faults.stalled().map((l) => [l.projection, l.eventType, l.position, l.firstFailedAt])).toEqual([
      ['citizen-status', 'NoticeSent', '42', '2026-12-07T10:00:00Z'],
    ]);
  });

  it('skips at once when stalled under the policy "skip", recorded as decided by the policy', () => {
    const faults = open();
    faults.setPolicy('citizen-status', 'skip', 'ops', '2026-12-07T09:00:00Z');
    expect(failTimes(faults, STALL_AFTER)).toMatchObject({ state: 'skipped', decidedBy: 'policy' });
    expect(faults.skipped('citizen-status')).toEqual(new Set(['e-1']));
    expect(faults.skipped('campaign-progress')).toEqual(new Set());
  });

  it('an operator skips or retries only a stalled event, and is recorded; a retry gives it the full tries again', () => {
    const faults = open();
    failTimes(faults, 2);
    expect(faults.skip('citizen-status', 'ops', '2026-12-07T11:00:00Z')).toBe(0);
    failTimes(faults, STALL_AFTER);
    expect(faults.retry('citizen-status', 'ops', '2026-12-07T11:00:00Z')).toBe(1);
    expect(faults.list('citizen-status')[0]).toMatchObject({ state: 'retrying', failures: 0, decidedBy: 'ops', decidedAt: '2026-12-07T11:00:00Z' });
    expect(failTimes(faults, STALL_AFTER - 1).state).toBe('retrying');
    expect(faults.failed('citizen-status', event, new Error('again'), '2026-12-07T11:05:00Z').state).toBe('stalled');
    expect(faults.skip('citizen-status', 'desk-lead', '2026-12-07T11:06:00Z')).toBe(1);
    expect(faults.list()[0]).toMatchObject({ state: 'skipped', decidedBy: 'desk-lead' });
  });

  it('after a rebuild no earlier decision applies: the event is tried afresh and can stall again, the history kept', () => {
    const faults = open();
    failTimes(faults, STALL_AFTER);
    faults.skip('citizen-status', 'ops', '2026-12-07T11:00:00Z');
    faults.supersede('citizen-status');
    expect(faults.skipped('citizen-status')).toEqual(new Set());
    expect(faults.list()[0]).toMatchObject({ state: 'superseded', decidedBy: 'ops' });
    expect(faults.failed('citizen-status', event, new Error('still'), '2026-12-08T09:00:00Z')).toMatchObject({
      state: 'failing',
      failures: 1,
      decidedBy: null,
    });
    expect(failTimes(faults, STALL_AFTER - 1).state).toBe('stalled');
  });

  it('a later try that takes the event passes it: nothing waits on it, and a skipped one stays skipped', () => {
    const faults = open();
    failTimes(faults, STALL_AFTER);
    const other = { ...event, id: 'e-2', position: 50n };
    faults.failed('citizen-status', other, new Error('boom'), '2026-12-07T10:00:00Z');
    expect(faults.passed('citizen-status', { upTo: 42n })).toBe(1);
    expect(faults.stalled()).toEqual([]);
    expect(faults.list().map((l) => [l.eventId, l.state])).toEqual([
      ['e-1', 'passed'],
      ['e-2', 'failing'],
    ]);
    expect(faults.passed('citizen-status', { eventId: 'e-2' })).toBe(1);
    const skippedOne = { ...event, id: 'e-3', position: 60n };
    faults.setPolicy('citizen-status', 'skip', 'ops', '2026-12-07T09:00:00Z');
    for (let i = 0; i < STALL_AFTER; i++) faults.failed('citizen-status', skippedOne, new Error('boom'), '2026-12-07T10:00:00Z');
    expect(faults.passed('citizen-status', { upTo: 100n })).toBe(0);
    expect(faults.skipped('citizen-status')).toEqual(new Set(['e-3']));
  });

  it('records an error as one bounded line with no CPR number in it', () => {
    expect(recordedError(new TypeError('no holder for 010203-1234\n  at fold'))).toBe('TypeError: no holder for ********** at fold');
    expect(recordedError(new Error('0102031234 twice 0102031234'))).not.toMatch(/\d{10}/);
    expect(recordedError('x'.repeat(1000))).toHaveLength(300);
  });
});
