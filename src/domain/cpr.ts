import { IsoDate, ageOn, daysInMonth, toIsoDate } from './dates';

/**
 * Danish CPR numbers (DDMMYY-SSSS). The century comes from the 7th digit and YY
 * (table in FACTS.md). Modulus 11 is NOT a validity check: since 2007-10-01 valid
 * numbers exist that fail it, so it is only reported, never used to reject.
 */
export interface Cpr {
  /** The ten digits, no dash. Personal data: never log, never put in ids or messages. */
  readonly digits: string;
  readonly birthDate: IsoDate;
  readonly sex: 'female' | 'male';
}

export type CprParseResult = { ok: true; cpr: Cpr } | { ok: false; reason: string };

const SHAPE = /^(\d{6})-?(\d{4})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function centuryOf(seventhDigit: number, yy: number): 1800 | 1900 | 2000 {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return yy <= 36 ? 2000 : 1900;
  if (yy <= 57) return 2000;
  return 1800;
}

export function parseCpr(input: unknown): CprParseResult {
  if (typeof input !== 'string') return { ok: false, reason: 'must be a string of 10 digits (DDMMYY-SSSS)' };
  const trimmed = input.trim();
  const match = SHAPE.exec(trimmed);
  if (!match) {
    const digitCount = trimmed.replace(/\D/g, '').length;
    if (/^[\d-]*$/.test(trimmed) && digitCount !== 10) return { ok: false, reason: `must be 10 digits, got ${digitCount}` };
    return { ok: false, reason: 'must be DDMMYY-SSSS or DDMMYYSSSS (digits only, optional dash after the date)' };
  }
  const digits = match[1] + match[2];
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} does not exist` };
  const year = centuryOf(Number(digits[6]), yy) + yy;
  if (day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `day ${day} does not exist in ${MONTHS[month - 1]} ${year}` };
  }
  return {
    ok: true,
    cpr: { digits, birthDate: toIsoDate(year, month, day), sex: Number(digits[9]) % 2 === 0 ? 'female' : 'male' },
  };
}

const WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/** Informational only (see the module comment). */
export function passesModulus11(digits: string): boolean {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  return sum % 11 === 0;
}

export function cprAgeOn(cpr: Cpr, on: IsoDate): number {
  return ageOn(cpr.birthDate, on);
}

const CPR_IN_TEXT = /(?<![\d-])(\d{6})-?(\d{4})(?![\d-])/g;

/** The CPR numbers (real dates, with or without the dash) written anywhere in a text: for keeping them out of free text and logs. */
export function findCprNumbers(text: string): string[] {
  return [...text.matchAll(CPR_IN_TEXT)].map((match) => match[0]).filter((candidate) => parseCpr(candidate).ok);
}

const CPR_SHAPED = /(?<!\d)\d{6}-?\d{4}(?!\d)/g;

/** For text a caller chose (URLs): anything shaped like a CPR number, real date or not, becomes `[cpr]`. */
export function redactCprNumbers(text: string): string {
  return text.replace(CPR_SHAPED, '[cpr]');
}
