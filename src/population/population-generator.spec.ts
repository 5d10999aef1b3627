import { ageOn } from '../domain/dates';
import { parseCpr, passesModulus11 } from '../domain/cpr';
import { checkRegisterRow } from '../domain/population';
import { generatePopulation, registerHeader, registerLine, seventhDigitsFor } from './population-generator';
import { POPULATION_PARAMETERS } from './population-parameters';

const AS_OF = '2021-08-01';
const sample = [...generatePopulation({ citizens: 30_000, seed: 11, asOf: AS_OF })];

describe('the synthetic population', () => {
  it('is the same for the same seed, and another for another seed', () => {
    const again = [...generatePopulation({ citizens: 200, seed: 11, asOf: AS_OF })];
    expect(again).toEqual(sample.slice(0, 200));
    expect([...generatePopulation({ citizens: 200, seed: 12, asOf: AS_OF })]).not.toEqual(again);
  });

  it('has valid, unique CPR numbers whose 7th digit gives the birth year its century (docs/facts.md table)', () => {
    const seen = new Set<string>();
    for (const { cpr } of sample) {
      const parsed = parseCpr(cpr);
      expect(parsed.ok).toBe(true);
      seen.add(String(cpr));
    }
    expect(seen.size).toBe(sample.length);
    // The table read directly: 7th digit 4 or 9 with YY 00-36 is the 2000s, 5-8 with YY 58-99 the 1800s.
    expect(seventhDigitsFor(1985)).toEqual([0, 1, 2, 3, 4, 9]);
    expect(seventhDigitsFor(1930)).toEqual([0, 1, 2, 3]);
    expect(seventhDigitsFor(2003)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(seventhDigitsFor(2040)).toEqual([5, 6, 7, 8]);
  });

  it('includes numbers that fail modulus 11 (issued from 2007-10-01), about as often as the parameter says', () => {
    const failing = sample.filter(({ cpr }) => !passesModulus11(String(cpr).replace('-', ''))).length / sample.length;
    // Of the numbers issued from 2007 on, about 10 in 11 fail the check; all others pass it.
    const expected = (POPULATION_PARAMETERS.cprIssuedFrom2007.value * 10) / 11;
    expect(failing).toBeGreaterThan(expected * 0.8);
    expect(failing).toBeLessThan(expected * 1.2);
  });

  it('has ages 15 to 100 on the day the register is read, most of them of working age', () => {
    const ages = sample.map(({ cpr }) => {
      const parsed = parseCpr(cpr);
      if (!parsed.ok) throw new Error(parsed.reason.en);
      return ageOn(parsed.cpr.birthDate, AS_OF);
    });
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...ages)).toBeLessThanOrEqual(100);
    const working = ages.filter((age) => age >= 20 && age < 65).length / ages.length;
    expect(working).toBeGreaterThan(0.55);
    expect(ages.filter((age) => age >= 90).length / ages.length).toBeLessThan(0.02);
  });

  it('draws each fact with its share from the parameters file', () => {
    const share = (test: (r: (typeof sample)[number]) => boolean) => sample.filter(test).length / sample.length;
    const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(Math.max(0.01, expected * 0.15));
    near(
      share((r) => r.digitalPostExempt === true),
      POPULATION_PARAMETERS.digitalPostExempt.value,
    );
    near(
      share((r) => r.nsisSubstantial === false),
      POPULATION_PARAMETERS.needsInfoUpdate.value,
    );
    near(
      share((r) => r.passport === 'none'),
      POPULATION_PARAMETERS.passportNone.value,
    );
    near(
      share((r) => r.authenticator === 'code-app'),
      POPULATION_PARAMETERS.codeApp.value,
    );
  });

  it('writes rows the register format accepts, issued after the holder turned 15 and before the register was read', () => {
    for (const record of sample.slice(0, 5000)) {
      const checked = checkRegisterRow(record);
      expect(checked).toMatchObject({ ok: true });
      if (!checked.ok) continue;
      expect(ageOn(checked.row.cpr.birthDate, checked.row.nemIdIssuedOn)).toBeGreaterThanOrEqual(15);
      expect(checked.row.nemIdIssuedOn < AS_OF).toBe(true);
      expect(checked.row.nemIdIssuedOn >= POPULATION_PARAMETERS.nemIdLaunched.value).toBe(true);
    }
  });

  it('every parameter names a source or says it is an assumption', () => {
    for (const [name, parameter] of Object.entries(POPULATION_PARAMETERS)) {
      expect([name, /^(docs\/facts\.md|assumption)/.test(parameter.source)]).toEqual([name, true]);
    }
  });

  it('writes CSV and NDJSON lines under their header', () => {
    expect(registerHeader('csv').split(',')).toHaveLength(9);
    expect(registerLine(sample[0], 'csv').split(',')).toHaveLength(9);
    expect(JSON.parse(registerLine(sample[0], 'ndjson'))).toEqual(sample[0]);
    expect(JSON.parse(registerHeader('ndjson'))).toEqual({ format: 'nemid-register', version: 1 });
  });
});
