import { tempFileWith as fileWith } from '../../test/support/temp-file';
import { CALIBRATED_FILE, readParameters } from './parameters-file';
import { DECLARED_VALUES, FITTED_PARAMETERS, ParametersRefused, withValues } from './simulation-parameters';

describe('the fitted parameters a run reads', () => {
  it('every fitted parameter is an assumption with bounds around its declared value', () => {
    expect(FITTED_PARAMETERS.length).toBeGreaterThan(5);
    for (const { name, min, max } of FITTED_PARAMETERS) {
      const value = DECLARED_VALUES[name] as number;
      expect({ name, within: value >= min && value <= max }).toEqual({ name, within: true });
    }
  });

  it('the calibrated file in the repository is one a run accepts', () => {
    const values = readParameters(CALIBRATED_FILE);
    expect(Object.keys(values)).toEqual(Object.keys(DECLARED_VALUES));
  });

  it('a file overrides only fitted parameters, within their bounds', () => {
    const [first] = FITTED_PARAMETERS;
    expect(readParameters(fileWith(JSON.stringify({ fitted: { [first.name]: first.min } })))[first.name]).toBe(first.min);
    expect(() => withValues({ daysToAct: 10 }, 'f')).toThrow('f: daysToAct is not a parameter the calibration fits');
    expect(() => withValues({ [first.name]: first.max + 1 }, 'f')).toThrow(`f: ${first.name} must be a number from ${first.min} to ${first.max}`);
  });

  it.each([
    ['a missing file', '/nonexistent/parameters.json', 'no parameters file /nonexistent/parameters.json'],
    ['not JSON', fileWith('actsWhenTold: 1'), 'is not JSON'],
    ['no fitted values', fileWith('{"values": {}}'), 'must have "fitted"'],
  ])('refuses %s, saying why', (_, file, reason) => {
    expect(() => readParameters(file)).toThrow(ParametersRefused);
    expect(() => readParameters(file)).toThrow(reason);
  });
});
