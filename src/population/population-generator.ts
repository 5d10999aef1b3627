import prand from 'pure-rand';
import { centuryOf, passesModulus11 } from '../domain/cpr';
import { IsoDate, addDays, daysBetween, toIsoDate } from '../domain/dates';
import { REGISTER_COLUMNS, REGISTER_FORMAT, RegisterFileFormat, RegisterRecord } from '../domain/population';
import { POPULATION_PARAMETERS as P } from './population-parameters';

export interface GenerateOptions {
  citizens: number;
  seed: number;
  /** The day the register is read: everyone is 15 to 100 then, and every NemID was issued before it. */
  asOf?: IsoDate;
}

/** Numbers issued before this day all pass modulus 11 (docs/facts.md, CPR number). */
const MODULUS_11_UNTIL = '2007-10-01';
const MAX_AGE = 100;
const MIN_AGE = 15;

/** The 7th digits that give a birth year its century (docs/facts.md's table, read the other way). */
export function seventhDigitsFor(year: number): number[] {
  const yy = year % 100;
  return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((digit) => centuryOf(digit, yy) + yy === year);
}

/**
 * Gives out CPR numbers without repeats and without remembering them: per birth date a counter walks a fixed
 * order of that date's numbers (7th digit, then the last three digits in a scrambled order), so each number
 * comes up at most once. Memory grows with the number of birth dates, not of people.
 */
class CprNumbers {
  private readonly next = new Map<IsoDate, number>();

  /** Populations of different seeds walk each date's numbers from different places, so they mostly differ. */
  constructor(private readonly seed: number) {}

  take(birth: IsoDate, mustPassModulus11: boolean): string | undefined {
    const [year, month, day] = birth.split('-').map(Number);
    const sevenths = seventhDigitsFor(year);
    const space = sevenths.length * 1000;
    const date = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}`;
    // 337 is prime to 1000, so j -> 337 j + offset visits every three-digit ending once; the offset varies it by date.
    const offset = (day * 41 + month * 373 + year + this.seed * 7919) % 1000;
    for (let j = this.next.get(birth) ?? 0; j < space; j++) {
      const rest = ((Math.floor(j / sevenths.length) * 337 + offset) % 1000).toString().padStart(3, '0');
      const digits = `${date}${sevenths[j % sevenths.length]}${rest}`;
      if (mustPassModulus11 && !passesModulus11(digits)) continue;
      this.next.set(birth, j + 1);
      return `${digits.slice(0, 6)}-${digits.slice(6)}`;
    }
    this.next.set(birth, space);
    return undefined;
  }
}

/**
 * A synthetic NemID register, deterministic for a seed: valid, unique CPR numbers (the right 7th digit for
 * each birth year, some issued from 2007 on that fail modulus 11), ages shaped like Denmark's, and each
 * fact drawn with the share POPULATION_PARAMETERS gives (each one sourced or marked as an assumption).
 */
export function* generatePopulation({ citizens, seed, asOf = P.asOf.value }: GenerateOptions): Generator<RegisterRecord> {
  const rng = prand.xoroshiro128plus(seed);
  const chance = (share: number) => prand.unsafeUniformIntDistribution(0, 999_999, rng) < share * 1_000_000;
  const between = (from: number, to: number) => prand.unsafeUniformIntDistribution(from, to, rng);
  const bands = P.ageBands.value;
  const bandTotal = bands.reduce((a, b) => a + b, 0);
  const numbers = new CprNumbers(seed);
  for (let i = 0; i < citizens; i++) {
    let cpr: string | undefined;
    let birth: IsoDate = asOf;
    const arrivedLater = chance(P.cprIssuedFrom2007.value);
    while (cpr === undefined) {
      let pick = between(0, bandTotal - 1);
      let band = 0;
      while (pick >= bands[band]) pick -= bands[band++];
      const age = Math.min(MAX_AGE, MIN_AGE + band * 5 + between(0, 4));
      // Someone whose age on asOf is about `age`; the check below keeps everyone 15 or older.
      birth = addDays(asOf, -Math.round(age * 365.25) - between(0, 364));
      if (daysBetween(birth, asOf) < MIN_AGE * 365.25) continue;
      cpr = numbers.take(birth, !(arrivedLater || birth >= MODULUS_11_UNTIL));
    }
    const fifteenth = toIsoDate(Number(birth.slice(0, 4)) + MIN_AGE, Number(birth.slice(5, 7)), birth.endsWith('02-29') ? 28 : Number(birth.slice(8, 10)));
    const firstDay = fifteenth > P.nemIdLaunched.value ? fifteenth : P.nemIdLaunched.value;
    const issuedOn = addDays(firstDay, between(0, Math.max(0, daysBetween(firstDay, asOf) - 1)));
    const passport = chance(P.passportNone.value) ? 'none' : chance(P.passportChipFrom2012.value) ? 'danish-chip-from-2012' : 'danish';
    const sight = between(0, 999_999) / 1_000_000;
    const visualImpairment = sight < P.blind.value ? 'blind' : sight < P.blind.value + P.partiallySighted.value ? 'partially-sighted' : 'none';
    const device = between(0, 999_999) / 1_000_000;
    const authenticator = device < P.keyFob.value ? 'key-fob' : device < P.keyFob.value + P.codeApp.value ? 'code-app' : 'code-card';
    yield {
      cpr,
      nemIdIssuedOn: issuedOn,
      authenticator,
      nsisSubstantial: !chance(P.needsInfoUpdate.value),
      passport,
      digitalPostExempt: chance(P.digitalPostExempt.value),
      residesAbroad: chance(P.residesAbroad.value),
      addressProtected: chance(P.addressProtected.value),
      visualImpairment,
    };
  }
}

/** The header line of a register file in this format. */
export function registerHeader(format: RegisterFileFormat): string {
  return format === 'csv' ? REGISTER_COLUMNS.join(',') : JSON.stringify(REGISTER_FORMAT);
}

/** One holder as a line of the register file (without the line break). */
export function registerLine(record: RegisterRecord, format: RegisterFileFormat): string {
  return format === 'csv' ? REGISTER_COLUMNS.map((column) => String(record[column])).join(',') : JSON.stringify(record);
}
