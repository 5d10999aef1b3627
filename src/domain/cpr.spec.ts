import { centuryOf, containsCprShape, cprAgeOn, parseCpr, passesModulus11, redactCprNumbers } from './cpr';

function parsed(input: string) {
  const result = parseCpr(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.reason}`);
  return result.cpr;
}

function reason(input: unknown) {
  const result = parseCpr(input);
  if (result.ok) throw new Error(`expected ${String(input)} to be rejected`);
  return result.reason.en;
}

describe('CPR numbers', () => {
  it('accepts DDMMYY-SSSS and DDMMYYSSSS alike', () => {
    expect(parsed('070761-4285').digits).toBe('0707614285');
    expect(parsed('0707614285').digits).toBe('0707614285');
    expect(parsed(' 070761-4285 ').birthDate).toBe('1961-07-07');
  });

  describe('century from the 7th digit (docs/facts.md table)', () => {
    it.each([
      [0, 36, 1900],
      [3, 99, 1900],
      [4, 0, 2000],
      [4, 36, 2000],
      [4, 37, 1900],
      [9, 36, 2000],
      [9, 58, 1900],
      [5, 0, 2000],
      [8, 57, 2000],
      [5, 58, 1800],
      [8, 99, 1800],
    ])('7th digit %i with YY %i is the %i s', (digit, yy, century) => {
      expect(centuryOf(digit, yy)).toBe(century);
    });

    it('puts a real number in the right century', () => {
      expect(parsed('010105-4000').birthDate).toBe('2005-01-01');
      expect(parsed('010160-5000').birthDate).toBe('1860-01-01');
      expect(parsed('010150-9000').birthDate).toBe('1950-01-01');
    });
  });

  it('reads the sex from the last digit: even is female, odd is male', () => {
    expect(parsed('070761-4285').sex).toBe('male');
    expect(parsed('070761-4284').sex).toBe('female');
  });

  it('rule: a number that fails modulus 11 is still valid', () => {
    expect(passesModulus11('0707614285')).toBe(true);
    expect(passesModulus11('0707614286')).toBe(false);
    expect(parseCpr('070761-4286').ok).toBe(true);
  });

  it('checks the date exists, including leap years by century', () => {
    expect(reason('320190-1234')).toBe('day 32 does not exist in January 1990');
    expect(reason('290201-1234')).toBe('day 29 does not exist in February 1901');
    expect(parsed('290200-4000').birthDate).toBe('2000-02-29');
    expect(reason('011390-1234')).toBe('month 13 does not exist');
    expect(reason('000190-1234')).toMatch(/day 0 does not exist/);
  });

  it('says what is wrong in Danish too', () => {
    const result = parseCpr('320190-1234');
    expect(result.ok ? undefined : result.reason.da).toBe('den 32. findes ikke i januar 1990');
  });

  it('explains malformed input', () => {
    expect(reason('12345')).toBe('must be 10 digits, got 5');
    expect(reason('12345678901')).toBe('must be 10 digits, got 11');
    expect(reason('07O761-4285')).toMatch(/must be DDMMYY-SSSS/);
    expect(reason(7076142)).toMatch(/must be a string/);
  });

  it('computes age on a date', () => {
    const cpr = parsed('100307-4000'); // born 2007-03-10
    expect(cprAgeOn(cpr, '2022-03-09')).toBe(14);
    expect(cprAgeOn(cpr, '2022-03-10')).toBe(15);
  });
});

describe('CPR numbers in free text', () => {
  it('redacts anything CPR-shaped from text a caller chose', () => {
    expect(redactCprNumbers('/api/v1/citizens/0707614285/status')).toBe('/api/v1/citizens/[cpr]/status');
    expect(redactCprNumbers('/x/320161-4285/y/2022-0001234')).toBe('/x/[cpr]/y/2022-0001234');
    // A longer number may hide one (0160168-2195 holds 160168-2195): caller's text loses it too.
    expect(redactCprNumbers('k0160168-2195k')).toBe('k0[cpr]k');
    expect(redactCprNumbers('/x/110168%2D2130/y')).toBe('/x/[cpr]/y');
    expect(redactCprNumbers('/x/%31%31%30%31%36%38%32%31%33%30')).toBe('/x/[cpr]');
    expect(redactCprNumbers('/x/%2531%2531%2530%2531%2536%2538%2532%2531%2533%2530')).toBe('/x/[cpr]');
    expect(redactCprNumbers('110168 2130')).toBe('[cpr]');
    expect(redactCprNumbers('a%zz')).toBe('a%zz');
  });
});

describe('CPR-shaped content in ids and free text', () => {
  it('is found whatever the date, with a dash, a space or nothing between, but not inside longer numbers', () => {
    expect(['0707614285', '070761-4285', '070761 4285', 'x320161-4285y', 'campaign-1601682195'].map(containsCprShape)).toEqual([true, true, true, true, true]);
    expect(['12345678', '12345678901', '2022-0001234', 'phone 12 34 56 78', ''].map(containsCprShape)).toEqual([false, false, false, false, false]);
  });
});
