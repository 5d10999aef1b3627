import { addMonths, addWeekdays, ageOn, danishDateOf, daysBetween, isIsoDate } from './dates';

describe('dates', () => {
  it('takes the business date in Europe/Copenhagen, not UTC', () => {
    expect(danishDateOf(new Date('2022-06-29T22:30:00Z'))).toBe('2022-06-30');
    expect(danishDateOf(new Date('2022-01-15T22:59:59Z'))).toBe('2022-01-15');
  });

  it('turns at Copenhagen midnight to the millisecond, summer and winter, whichever instant of the hour was asked first', () => {
    // Summer time (UTC+2): midnight is 22:00 UTC.
    expect(danishDateOf(new Date('2021-06-30T21:59:59.999Z'))).toBe('2021-06-30');
    expect(danishDateOf(new Date('2021-06-30T22:59:59.999Z'))).toBe('2021-07-01');
    expect(danishDateOf(new Date('2021-06-30T22:00:00.000Z'))).toBe('2021-07-01');
    // Winter time (UTC+1): midnight is 23:00 UTC.
    expect(danishDateOf(new Date('2021-12-31T22:59:59.999Z'))).toBe('2021-12-31');
    expect(danishDateOf(new Date('2021-12-31T22:00:00.000Z'))).toBe('2021-12-31');
    expect(danishDateOf(new Date('2021-12-31T23:00:00.000Z'))).toBe('2022-01-01');
    // The night clocks go forward (02:00 CET is 03:00 CEST, at 01:00 UTC): still the same date either side.
    expect(danishDateOf(new Date('2021-03-28T00:59:59.999Z'))).toBe('2021-03-28');
    expect(danishDateOf(new Date('2021-03-28T01:00:00.000Z'))).toBe('2021-03-28');
    // Before 1894 Copenhagen kept local mean time (UTC+0:50:20): midnight fell at 23:09:40 UTC.
    expect(danishDateOf(new Date('1890-05-01T23:00:00.000Z'))).toBe('1890-05-01');
    expect(danishDateOf(new Date('1890-05-01T23:10:00.000Z'))).toBe('1890-05-02');
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
