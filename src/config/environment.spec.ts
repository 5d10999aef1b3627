import { developmentSignInAllowed, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('applies defaults and converts numbers', () => {
    const environment = validateEnvironment({ PORT: '8080' });
    expect(environment.PORT).toBe(8080);
    expect(environment.DATA_DIR).toBe('./data');
    expect(environment.SQLITE_SYNCHRONOUS).toBe('FULL');
  });

  it('serves from one process unless told otherwise, and from one at the least', () => {
    expect(validateEnvironment({}).WEB_CONCURRENCY).toBe(1);
    expect(validateEnvironment({ WEB_CONCURRENCY: '2' }).WEB_CONCURRENCY).toBe(2);
    expect(() => validateEnvironment({ WEB_CONCURRENCY: '0' })).toThrow(/WEB_CONCURRENCY: WEB_CONCURRENCY must not be less than 1/);
  });

  it('names the setting and the reason when a value is wrong', () => {
    expect(() => validateEnvironment({ PORT: '99999' })).toThrow(/PORT: PORT must not be greater than 65535/);
    expect(() => validateEnvironment({ SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SQLITE_SYNCHRONOUS/);
  });

  it('takes an EventStoreDB connection string for a single node or a cluster, and refuses anything else without echoing it', () => {
    expect(validateEnvironment({}).EVENT_STORE_URL).toBeUndefined();
    expect(validateEnvironment({ EVENT_STORE_URL: 'esdb://localhost:2113?tls=false' }).EVENT_STORE_URL).toBe('esdb://localhost:2113?tls=false');
    expect(validateEnvironment({ EVENT_STORE_URL: 'esdb+discover://cluster.internal:2113' }).EVENT_STORE_URL).toBe('esdb+discover://cluster.internal:2113');
    const refusal = () => validateEnvironment({ EVENT_STORE_URL: 'https://admin:secret@localhost:2113' });
    expect(refusal).toThrow(/EVENT_STORE_URL: must start with esdb:\/\/, esdb\+discover:\/\//);
    expect(refusal).not.toThrow(/secret/);
  });

  it('the pages sign in at an OpenID provider only with a client id and the keys that verify its tokens', () => {
    const issuer = { OIDC_ISSUER_URL: 'https://idp.example' };
    expect(() => validateEnvironment(issuer)).toThrow(/OIDC_CLIENT_ID: must be set with OIDC_ISSUER_URL; AUTH_JWKS_URL: must be set with OIDC_ISSUER_URL/);
    const complete = validateEnvironment({ ...issuer, OIDC_CLIENT_ID: 'overgang-pages', AUTH_JWKS_URL: 'https://idp.example/jwks' });
    expect(complete.OIDC_SCOPE).toBe('openid');
    expect(() => validateEnvironment({ PUBLIC_URL: 'overgang.example' })).toThrow(/PUBLIC_URL: must be an http\(s\) URL/);
    expect(() => validateEnvironment({ AUTH_SESSION_SECRET: 'short' })).toThrow(/AUTH_SESSION_SECRET: must be at least 32 characters/);
  });

  it('the development sign-in is never offered in production, nor where only the provider keys are trusted', () => {
    expect(developmentSignInAllowed({ NODE_ENV: 'development', AUTH_JWKS_URL: undefined })).toBe(true);
    expect(developmentSignInAllowed({ NODE_ENV: 'production', AUTH_JWKS_URL: undefined })).toBe(false);
    expect(developmentSignInAllowed({ NODE_ENV: 'development', AUTH_JWKS_URL: 'https://idp.example/jwks' })).toBe(false);
  });

  it('checks the transition scheduler settings: a cron expression and a time zone', () => {
    expect(validateEnvironment({}).TRANSITION_SCHEDULER_CRON).toBe('0 6 * * *');
    expect(() => validateEnvironment({ TRANSITION_SCHEDULER_CRON: '61 6 * * *' })).toThrow(/TRANSITION_SCHEDULER_CRON: must be a cron expression/);
    expect(() => validateEnvironment({ TRANSITION_SCHEDULER_TIME_ZONE: 'Mars/Olympus' })).toThrow(/TRANSITION_SCHEDULER_TIME_ZONE/);
    expect(() => validateEnvironment({ TRANSITION_SCHEDULER: 'sometimes' })).toThrow(/TRANSITION_SCHEDULER/);
  });

  it('tracing is off unless an OTLP endpoint is set, and the endpoint must be an http(s) URL', () => {
    expect(validateEnvironment({}).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(validateEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_BSP_SCHEDULE_DELAY: '200' })).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_BSP_SCHEDULE_DELAY: 200,
      OTEL_SERVICE_NAME: 'overgang',
    });
    expect(() => validateEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/);
    expect(validateEnvironment({}).OTEL_TRACES_SAMPLER_ARG).toBe(1);
    expect(validateEnvironment({ OTEL_TRACES_SAMPLER_ARG: '0.1' }).OTEL_TRACES_SAMPLER_ARG).toBe(0.1);
    expect(() => validateEnvironment({ OTEL_TRACES_SAMPLER_ARG: '10' })).toThrow(/OTEL_TRACES_SAMPLER_ARG: must be a number from 0 to 1/);
  });

  it('reads every numeric setting from its string in the environment', () => {
    const environment = validateEnvironment({
      DIGITAL_POST_GATEWAY_MAX_ATTEMPTS: '3',
      DIGITAL_POST_GATEWAY_BACKOFF_MS: '250',
      NOTICE_RATE_PER_SECOND: '5000',
      RATE_LIMIT_PER_MINUTE: '60',
    });
    expect(environment).toMatchObject({
      DIGITAL_POST_GATEWAY_MAX_ATTEMPTS: 3,
      DIGITAL_POST_GATEWAY_BACKOFF_MS: 250,
      NOTICE_RATE_PER_SECOND: 5000,
      RATE_LIMIT_PER_MINUTE: 60,
    });
  });

  it('a service clock: CLOCK_START an ISO instant, CLOCK_RATE a number from 1; production refuses it unless allowed', () => {
    expect(validateEnvironment({ CLOCK_START: '2021-10-04T08:00:00+02:00', CLOCK_RATE: '1440' })).toMatchObject({
      CLOCK_START: '2021-10-04T08:00:00+02:00',
      CLOCK_RATE: 1440,
    });
    expect(() => validateEnvironment({ CLOCK_START: 'last monday' })).toThrow(/CLOCK_START: must be an ISO-8601 instant/);
    expect(() => validateEnvironment({ CLOCK_RATE: '0.5' })).toThrow(/CLOCK_RATE/);
    const production = {
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      CPR_HASH_KEY: 'a'.repeat(44),
      CPR_ENCRYPTION_KEYS: `k1:${'a'.repeat(44)}`,
    };
    expect(() => validateEnvironment({ ...production, CLOCK_START: '2021-10-04T08:00:00Z' })).toThrow(
      /CLOCK_START: production runs on the real time; set CLOCK_IN_PRODUCTION=allow/,
    );
    expect(validateEnvironment({ ...production, CLOCK_START: '2021-10-04T08:00:00Z', CLOCK_IN_PRODUCTION: 'allow' }).CLOCK_START).toBe('2021-10-04T08:00:00Z');
  });

  it('production names every missing setting at once, in one line', () => {
    let message = '';
    try {
      validateEnvironment({ NODE_ENV: 'production' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /AUTH_JWKS_URL: must be set in production.*CPR_HASH_KEY: must be set in production.*CPR_ENCRYPTION_KEYS: must be set in production/,
    );
    expect(message).not.toContain('\n');
  });

  it('production takes tokens from a JWKS URL only; a development secret must be long enough', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40) })).toThrow(/AUTH_JWKS_URL: must be set in production/);
    const keys = { CPR_HASH_KEY: 'a'.repeat(44), CPR_ENCRYPTION_KEYS: `k1:${'a'.repeat(44)}` };
    expect(validateEnvironment({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks', ...keys }).AUTH_JWKS_URL).toBe('https://idp.example/jwks');
    expect(() => validateEnvironment({ AUTH_JWKS_URL: 'not a url' })).toThrow(/AUTH_JWKS_URL: must be an http\(s\) URL/);
    expect(() => validateEnvironment({ AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET: must be at least 32 characters/);
  });
});
