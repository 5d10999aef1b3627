import { repeatedFailureLog } from './repeated-failures';

describe('repeatedFailureLog', () => {
  it('logs a failure at once, the same one again once a minute with its count, a different one at once', () => {
    const lines: string[] = [];
    let now = 0;
    const failed = repeatedFailureLog({ error: (line: string) => lines.push(line) }, 'campaign step', () => now);
    failed(new Error('the data disk is full'));
    for (let second = 1; second < 60; second++) {
      now = second * 1000;
      failed(new Error('the data disk is full'));
    }
    expect(lines).toEqual(['campaign step failed, retrying: the data disk is full']);
    now = 60_000;
    failed(new Error('the data disk is full'));
    expect(lines.at(-1)).toBe('campaign step failed, retrying (60 times in the last minute): the data disk is full');
    now = 61_000;
    failed(new Error('the event store does not answer'));
    expect(lines.at(-1)).toBe('campaign step failed, retrying: the event store does not answer');
    expect(lines).toHaveLength(3);
  });
});
