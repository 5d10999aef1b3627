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

  it('checks the transition scheduler settings: a cron expression and a time zone', () => {
    expect(validateEnvironment({}).TRANSITION_SCHEDULER_CRON).toBe('0 6 * * *');
    expect(() => validateEnvironment({ TRANSITION_SCHEDULER_CRON: '61 6 * * *' })).toThrow(/TRANSITION_SCHEDULER_CRON: must be a cron expression/);
    expect(() => validateEnvironment({ TRANSITION_SCHEDULER_TIME_ZONE: 'Mars/Olympus' })).toThrow(/TRANSITION_SCHEDULER_TIME_ZONE/);
    expect(() => validateEnvironment({ TRANSITION_SCHEDULER: 'sometimes' })).toThrow(/TRANSITION_SCHEDULER/);
  });

  it('reads every numeric setting from its string in the environment', () => {
    const environment = validateEnvironment({ DIGITAL_POST_GATEWAY_MAX_ATTEMPTS: '3', DIGITAL_POST_GATEWAY_BACKOFF_MS: '250', NOTICE_RATE_PER_SECOND: '5000' });
    expect(environment).toMatchObject({ DIGITAL_POST_GATEWAY_MAX_ATTEMPTS: 3, DIGITAL_POST_GATEWAY_BACKOFF_MS: 250, NOTICE_RATE_PER_SECOND: 5000 });
  });
});
