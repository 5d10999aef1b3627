import { validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('applies defaults and converts numbers', () => {
    const environment = validateEnvironment({ PORT: '8080' });
    expect(environment.PORT).toBe(8080);
    expect(environment.DATA_DIR).toBe('./data');
    expect(environment.SQLITE_SYNCHRONOUS).toBe('FULL');
  });

  it('names the setting and the reason when a value is wrong', () => {
    expect(() => validateEnvironment({ PORT: '99999' })).toThrow(/PORT: PORT must not be greater than 65535/);
    expect(() => validateEnvironment({ SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SQLITE_SYNCHRONOUS/);
  });
});
