import { CitizenServiceQueue } from './citizen-service-queue';

describe('Citizen Service as a queue with a daily capacity', () => {
  it('serves first come first served, as many as the slots, and records each wait in days', () => {
    const queue = new CitizenServiceQueue<string>(2);
    queue.join('2022-05-02', 'a');
    queue.join('2022-05-02', 'b');
    queue.join('2022-05-03', 'c');
    expect(queue.serve('2022-05-04').map((v) => v.what)).toEqual(['a', 'b']);
    expect(queue.serve('2022-05-05').map((v) => v.what)).toEqual(['c']);
    expect(queue.days).toEqual([
      { day: '2022-05-04', waiting: 1, served: 2, waitedDays: 4, longestWaitDays: 2 },
      { day: '2022-05-05', waiting: 0, served: 1, waitedDays: 2, longestWaitDays: 2 },
    ]);
  });

  it('is closed at weekends: visits wait until Monday', () => {
    const queue = new CitizenServiceQueue<string>(5);
    queue.join('2022-05-06', 'friday-evening');
    expect(queue.serve('2022-05-07')).toEqual([]);
    expect(queue.serve('2022-05-08')).toEqual([]);
    expect(queue.serve('2022-05-09').map((v) => v.what)).toEqual(['friday-evening']);
    expect(queue.days.at(-1)).toMatchObject({ day: '2022-05-09', longestWaitDays: 3 });
  });
});
