import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGISTER_COLUMNS, checkRegisterRow, profileOf } from './register';

const good = {
  cpr: '070761-4285',
  nemIdIssuedOn: '2014-05-20',
  authenticator: 'code-app',
  nsisSubstantial: 'false',
  passport: 'danish-chip-from-2012',
  digitalPostExempt: 'false',
  residesAbroad: 'false',
  addressProtected: 'true',
  visualImpairment: 'partially-sighted',
};

describe('the register format', () => {
  it('reads a good row into the facts the rules need', () => {
    const checked = checkRegisterRow(good);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.row.cpr.digits).toBe('0707614285');
    expect(profileOf(checked.row)).toEqual({
      needsInfoUpdate: true,
      danishPassport: true,
      chipPassportFrom2012: true,
      digitalPostExempt: false,
      residesAbroad: false,
      addressProtected: true,
      visualImpairment: 'partially-sighted',
    });
  });

  it('takes JSON booleans as well as the words', () => {
    expect(checkRegisterRow({ ...good, residesAbroad: true, nsisSubstantial: false }).ok).toBe(true);
  });

  it.each([
    [{ cpr: '070761-428' }, 'cpr', 'must be 10 digits, got 9'],
    [{ cpr: '310261-4285' }, 'cpr', 'day 31 does not exist in February 1961'],
    [{ nemIdIssuedOn: '2021-02-29' }, 'nemIdIssuedOn', 'must be a calendar date such as 2015-06-01'],
    [{ authenticator: 'smoke-signal' }, 'authenticator', 'must be one of code-card, code-app, key-fob'],
    [{ passport: 'yes' }, 'passport', 'must be one of none, danish, danish-chip-from-2012'],
    [{ digitalPostExempt: 'ja' }, 'digitalPostExempt', 'must be true or false'],
    [{ visualImpairment: '' }, 'visualImpairment', 'is missing'],
    [{ residesAbroad: undefined }, 'residesAbroad', 'is missing'],
  ])('refuses %j naming the field and the reason', (change, field, reason) => {
    expect(checkRegisterRow({ ...good, ...change })).toEqual({ ok: false, field, reason: { da: expect.any(String), en: reason } });
  });

  it('never echoes the value: a CPR number in the wrong column is not repeated in the reason', () => {
    const checked = checkRegisterRow({ ...good, authenticator: '070761-4285' });
    expect(checked.ok).toBe(false);
    expect(JSON.stringify(checked)).not.toMatch(/0707614285|070761-4285/);
  });

  it('docs/population-format.md documents exactly the declared columns, in order', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/population-format.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-zA-Z]+)` \|/gm)].map(([, name]) => name);
    expect(documented).toEqual(REGISTER_COLUMNS);
    expect(doc).toContain(REGISTER_COLUMNS.join(','));
  });
});
