import { IsoDate, ageOn, daysInMonth, toIsoDate } from './dates';
import type { Text } from './text';

/**
 * Danish CPR numbers (DDMMYY-SSSS). The century comes from the 7th digit and YY
 * (table in docs/facts.md). Modulus 11 is NOT a validity check: since 2007-10-01 valid
 * numbers exist that fail it, so it is only reported, never used to reject.
 */
export interface Cpr {
  /** The ten digits, no dash. Personal data: never log, never put in ids or messages. */
  readonly digits: string;
  readonly birthDate: IsoDate;
  readonly sex: 'female' | 'male';
}

export type CprParseResult = { ok: true; cpr: Cpr } | { ok: false; reason: Text };

const SHAPE = /^(\d{6})-?(\d{4})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DANISH_MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

export function centuryOf(seventhDigit: number, yy: number): 1800 | 1900 | 2000 {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return yy <= 36 ? 2000 : 1900;
  if (yy <= 57) return 2000;
  return 1800;
}

export function parseCpr(input: unknown): CprParseResult {
  if (typeof input !== 'string')
    return { ok: false, reason: { da: 'skal være en tekst med 10 cifre (DDMMÅÅ-SSSS)', en: 'must be a string of 10 digits (DDMMYY-SSSS)' } };
  const trimmed = input.trim();
  const match = SHAPE.exec(trimmed);
  if (!match) {
    const digitCount = trimmed.replace(/\D/g, '').length;
    if (/^[\d-]*$/.test(trimmed) && digitCount !== 10)
      return { ok: false, reason: { da: `skal være 10 cifre, men har ${digitCount}`, en: `must be 10 digits, got ${digitCount}` } };
    return {
      ok: false,
      reason: {
        da: 'skal skrives DDMMÅÅ-SSSS eller DDMMÅÅSSSS (kun cifre, evt. bindestreg efter datoen)',
        en: 'must be DDMMYY-SSSS or DDMMYYSSSS (digits only, optional dash after the date)',
      },
    };
  }
  const digits = match[1] + match[2];
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  if (month < 1 || month > 12) return { ok: false, reason: { da: `måned ${month} findes ikke`, en: `month ${month} does not exist` } };
  const year = centuryOf(Number(digits[6]), yy) + yy;
  if (day < 1 || day > daysInMonth(year, month)) {
    return {
      ok: false,
      reason: { da: `den ${day}. findes ikke i ${DANISH_MONTHS[month - 1]} ${year}`, en: `day ${day} does not exist in ${MONTHS[month - 1]} ${year}` },
    };
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

/** Ten digits, optionally split 6-4 by a dash or a space, not part of a longer number: the shape of a CPR number. */
const CPR_SHAPED = /(?<!\d)\d{6}[- ]?\d{4}(?!\d)/g;

/** The reason every id and free-text field gives for refusing a CPR number, real date or not. */
export const CPR_SHAPE_REFUSED: Text = {
  da: 'må ikke indeholde et CPR-nummer (10 cifre, med eller uden bindestreg)',
  en: 'must not contain a CPR number (10 digits, with or without a dash)',
};

/**
 * Ids and free text a user sets become stream names, list entries and records kept for ever: they refuse
 * anything shaped like a CPR number, whether or not its date exists, so nobody has to tell the two apart.
 */
export function containsCprShape(text: string): boolean {
  return new RegExp(CPR_SHAPED.source).test(text);
}

/** `%30%37...` and `070761%2D4285` spell a CPR number once a log reader or browser decodes them. */
function percentDecoded(text: string): string {
  let decoded = text;
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(decoded); round++) {
    decoded = decoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return decoded;
}

/** Any ten digits in a row (a dash or space after the sixth allowed), even inside a longer number that could hide one. */
const CPR_ANYWHERE = /\d{6}[- ]?\d{4}/g;

/** For text a caller chose (URLs, headers, field names): anything that could spell a CPR number, plain or percent-encoded, becomes `[cpr]`. */
export function redactCprNumbers(text: string): string {
  return percentDecoded(text).replace(CPR_ANYWHERE, '[cpr]');
}
