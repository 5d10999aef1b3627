import { addMonths, addWeekdays, ageOn, danishDateOf, daysBetween, isIsoDate } from './dates';

describe('dates', () => {
  it('takes the business date in Europe/Copenhagen, not UTC', () => {
    expect(danishDateOf(new Date('2022-06-29T22:30:00Z'))).toBe('2022-06-30');
    expect(danishDateOf(new Date('2022-01-15T22:59:59Z'))).toBe('2022-01-15');
  });

  it('rejects dates that do not exist', () => {
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2022-13-01')).toBe(false);
    expect(isIsoDate('22-01-01')).toBe(false);
  });

  it('counts four weekdays over a weekend', () => {
    expect(addWeekdays('2022-06-03', 4)).toBe('2022-06-09'); // Friday -> Thursday
    expect(addWeekdays('2022-06-06', 4)).toBe('2022-06-10'); // Monday -> Friday
    expect(addWeekdays('2022-06-04', 4)).toBe('2022-06-09'); // Saturday -> Thursday
  });

  it('computes whole years of age, birthday inclusive', () => {
    expect(ageOn('2007-03-10', '2022-03-09')).toBe(14);
    expect(ageOn('2007-03-10', '2022-03-10')).toBe(15);
    expect(ageOn('2004-02-29', '2019-02-28')).toBe(14);
    expect(ageOn('2004-02-29', '2019-03-01')).toBe(15);
  });

  it('adds months clamping to the end of the month and counts days', () => {
    expect(addMonths('2022-11-30', 3)).toBe('2023-02-28');
    expect(addMonths('2022-01-15', -3)).toBe('2021-10-15');
    expect(daysBetween('2022-06-30', '2022-10-31')).toBe(123);
  });
});
