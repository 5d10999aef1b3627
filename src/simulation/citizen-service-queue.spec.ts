import { CitizenServiceDesks, workingDaysBetween } from './citizen-service-queue';

describe('Citizen Service as queues with slots per weekday', () => {
  it('serves first come first served, as many as the slots, and records each wait in working days', () => {
    const desks = new CitizenServiceDesks<string, 'large'>(() => 2);
    desks.join('2022-05-02', 'large', 'a');
    desks.join('2022-05-02', 'large', 'b');
    desks.join('2022-05-03', 'large', 'c');
    expect(desks.serve('2022-05-04').map((v) => v.what)).toEqual(['a', 'b']);
    expect(desks.serve('2022-05-05').map((v) => v.what)).toEqual(['c']);
    expect(desks.days).toEqual([
      { day: '2022-05-04', waiting: 1, served: 2, waitedDays: 4, longestWaitDays: 2, gaveUp: 0 },
      { day: '2022-05-05', waiting: 0, served: 1, waitedDays: 2, longestWaitDays: 2, gaveUp: 0 },
    ]);
  });

  it('is closed at weekends, and a weekend does not count as waiting', () => {
    const desks = new CitizenServiceDesks<string, 'large'>(() => 5);
    desks.join('2022-05-06', 'large', 'friday-evening');
    expect(desks.serve('2022-05-07')).toEqual([]);
    expect(desks.serve('2022-05-08')).toEqual([]);
    expect(desks.serve('2022-05-09').map((v) => v.what)).toEqual(['friday-evening']);
    expect(desks.days.at(-1)).toMatchObject({ day: '2022-05-09', longestWaitDays: 1 });
  });

  it('a desk with a fraction of a slot a day serves someone every few days; unused slots do not pile up', () => {
    const desks = new CitizenServiceDesks<string, 'smaller'>(() => 0.5);
    for (const who of ['a', 'b']) desks.join('2022-05-02', 'smaller', who);
    const served = ['2022-05-02', '2022-05-03', '2022-05-04', '2022-05-05'].map((day) => desks.serve(day).map((v) => v.what));
    expect(served).toEqual([[], ['a'], [], ['b']]);
    for (const day of ['2022-05-06', '2022-05-09', '2022-05-10', '2022-05-11']) desks.serve(day);
    desks.join('2022-05-11', 'smaller', 'c');
    desks.join('2022-05-11', 'smaller', 'd');
    // Four weekdays of half a slot unused: still one on Thursday, not two.
    expect([desks.serve('2022-05-12').length, desks.serve('2022-05-13').length]).toEqual([1, 1]);
  });

  it('each class of municipality has its own queue and slots', () => {
    const desks = new CitizenServiceDesks<string, 'large' | 'smaller'>((desk) => (desk === 'large' ? 2 : 1));
    for (const who of ['l1', 'l2', 'l3']) desks.join('2022-05-02', 'large', who);
    for (const who of ['s1', 's2']) desks.join('2022-05-02', 'smaller', who);
    expect(desks.serve('2022-05-03').map((v) => v.what)).toEqual(['l1', 'l2', 's1']);
    expect(desks.waiting).toBe(2);
  });

  it('someone offered a first free slot beyond their patience gives up instead of joining, and is counted', () => {
    const desks = new CitizenServiceDesks<string, 'large'>(() => 1);
    for (const who of ['a', 'b', 'c']) expect(desks.join('2022-05-02', 'large', who, 3)).toBe(true);
    expect(desks.firstFreeSlotIn('large', '2022-05-02')).toBe(4);
    expect(desks.join('2022-05-02', 'large', 'd', 3)).toBe(false);
    expect(desks.join('2022-05-02', 'large', 'e')).toBe(true);
    desks.serve('2022-05-02');
    expect(desks.days[0]).toMatchObject({ gaveUp: 1, waiting: 3 });
  });

  it('counts working days: Monday to Friday', () => {
    expect(workingDaysBetween('2022-05-02', '2022-05-02')).toBe(0);
    expect(workingDaysBetween('2022-05-06', '2022-05-09')).toBe(1);
    expect(workingDaysBetween('2022-05-02', '2022-05-16')).toBe(10);
    expect(workingDaysBetween('2022-05-07', '2022-05-22')).toBe(10);
  });
});
