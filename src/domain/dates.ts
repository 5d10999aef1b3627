/**
 * Calendar dates as ISO strings (YYYY-MM-DD). Business dates are Danish dates: an
 * instant is turned into a date in Europe/Copenhagen, so a desk visit at 00:30 local
 * time on a birthday counts as that birthday.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const copenhagenDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
/**
 * Since Copenhagen left local mean time in 1894, its offsets are whole hours and change on the hour, and so does
 * its date: the date is the same all through an hour of UTC, so it is worked out once an hour, not per call.
 */
const WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1894, 0, 1);
/** The hour of UTC last asked about, and the Danish date all through it. */
let lastHour = { hour: NaN, date: '' };

export function danishDateOf(instant: Date): IsoDate {
  const time = instant.getTime();
  const hour = time >= WHOLE_HOUR_OFFSETS_FROM ? Math.floor(time / HOUR_MS) : NaN;
  if (hour !== lastHour.hour) lastHour = { hour, date: copenhagenDate.format(instant) };
  return lastHour.date;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Parses YYYY-MM-DD and checks the date exists; returns undefined otherwise. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

export function toIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toUtcMidnight(date: IsoDate): number {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(parts.year, parts.month - 1, parts.day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(toUtcMidnight(date) + days * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / 86_400_000);
}

/** Monday to Friday count as weekdays; Danish public holidays are not modelled. */
export function addWeekdays(date: IsoDate, weekdays: number): IsoDate {
  let current = date;
  let remaining = weekdays;
  while (remaining > 0) {
    current = addDays(current, 1);
    const dayOfWeek = new Date(toUtcMidnight(current)).getUTCDay();
    if (dayOfWeek !== 0 && dayOfWeek !== 6) remaining--;
  }
  return current;
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`not a date: ${date}`);
  const monthIndex = parts.year * 12 + (parts.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return toIsoDate(year, month, Math.min(parts.day, daysInMonth(year, month)));
}

/** Whole years from `birth` to `on`; someone born on 29 February turns a year older on 1 March in common years. */
export function ageOn(birth: IsoDate, on: IsoDate): number {
  const b = parseIsoDate(birth);
  const d = parseIsoDate(on);
  if (!b || !d) throw new RangeError('not a date');
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age--;
  return age;
}
