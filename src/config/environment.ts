import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateCronExpression } from 'cron';
import { eventStoreUrlProblem } from './event-store-url';
import { IsISO8601, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/** HS256 secrets (tokens, sessions) shorter than this are refused at start. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Every setting the service reads, validated at start so a typo stops it with a clear message.
 * Numbers need their `: number` annotation: it is what converts the environment's strings.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  DATA_DIR = './data';

  /**
   * Processes serving HTTP on PORT and DATA_DIR (Node's cluster): one of them, the leader, also runs the projections,
   * campaigns, scheduler, delivery, imports and retention. Default 1, this process alone: on the embedded store the
   * processes take turns at the one write lock, and measured slower (docs/benchmarks.md: Several processes).
   */
  @IsInt()
  @Min(1)
  @Max(64)
  WEB_CONCURRENCY: number = 1;

  /**
   * EventStoreDB / KurrentDB connection string (`esdb://host:2113?tls=false`, `esdb+discover://...`
   * for a cluster), checked by the client's own parser (event-store-url.ts). Unset: the embedded SQLite store in DATA_DIR.
   */
  @IsOptional()
  @IsString()
  EVENT_STORE_URL?: string;

  @IsIn(['FULL', 'NORMAL'])
  SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  /**
   * The embedded store's projections in a worker thread of their own, on a second core: appending
   * and folding run side by side. With EVENT_STORE_URL set they always run in the main thread.
   */
  @IsIn(['on', 'off'])
  PROJECTIONS_THREAD: 'on' | 'off' = 'off';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Append logs to this file instead of writing them to standard output. */
  @IsOptional()
  @IsString()
  LOG_FILE?: string;

  /** `pretty`: readable lines; `json`: one JSON object a line; `auto`: pretty in development on a terminal, else JSON. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  @IsOptional()
  @IsString()
  CPR_HASH_KEY?: string;

  @IsOptional()
  @IsString()
  CPR_ENCRYPTION_KEYS?: string;

  @IsOptional()
  @IsString()
  CPR_ENCRYPTION_ACTIVE_KEY_ID?: string;

  /** The sender of every letter: the Agency for Digital Government's CVR number. */
  @Matches(/^\d{8}$/, { message: 'must be an 8-digit CVR number' })
  DIGITAL_POST_SENDER_CVR = '34051178';

  /** `counting` renders and records every letter but only counts it: simulations and rehearsals. */
  @IsIn(['drop-folder', 'http-gateway', 'counting'])
  DIGITAL_POST_CHANNEL: 'drop-folder' | 'http-gateway' | 'counting' = 'drop-folder';

  /** Drop folder root; default `<DATA_DIR>/outbox`. */
  @IsOptional()
  @IsString()
  DIGITAL_POST_OUTBOX_DIR?: string;

  @ValidateIf((e: Environment) => e.DIGITAL_POST_CHANNEL === 'http-gateway')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL when DIGITAL_POST_CHANNEL is http-gateway' })
  DIGITAL_POST_GATEWAY_URL?: string;

  @IsOptional()
  @IsString()
  DIGITAL_POST_GATEWAY_USERNAME?: string;

  @IsOptional()
  @IsString()
  DIGITAL_POST_GATEWAY_PASSWORD?: string;

  @IsInt()
  @Min(1)
  @Max(20)
  DIGITAL_POST_GATEWAY_MAX_ATTEMPTS: number = 5;

  @IsInt()
  @Min(1)
  DIGITAL_POST_GATEWAY_BACKOFF_MS: number = 500;

  /** Campaign walking and letter delivery; off for an instance that only serves requests. */
  @IsIn(['on', 'off'])
  WORKERS: 'on' | 'off' = 'on';

  /** The daily run that starts the notice campaigns due under the transition schedule. */
  @IsIn(['on', 'off'])
  TRANSITION_SCHEDULER: 'on' | 'off' = 'on';

  /** When the daily run happens (cron syntax, in TRANSITION_SCHEDULER_TIME_ZONE). */
  @IsString()
  TRANSITION_SCHEDULER_CRON = '0 6 * * *';

  @IsString()
  TRANSITION_SCHEDULER_TIME_ZONE = 'Europe/Copenhagen';

  /**
   * Years a holder's personal data is kept after their NemID was retired; then the retention run forgets them.
   * An assumption until the agency sets the period its legal basis gives (docs/security.md).
   */
  @IsInt()
  @Min(0)
  @Max(100)
  RETENTION_YEARS_AFTER_RETIREMENT: number = 5;

  /** The retention run each business day (with WORKERS on); off: only when started by hand (page, API, CLI). */
  @IsIn(['on', 'off'])
  RETENTION_DAILY: 'on' | 'off' = 'on';

  /** Letters per second for the notice campaigns the scheduler starts. */
  @IsInt()
  @Min(1)
  @Max(100000)
  NOTICE_RATE_PER_SECOND: number = 20000;

  /** HS256 secret for development and tests (at least 32 characters); generated into DATA_DIR when unset outside production. */
  @IsOptional()
  @IsString()
  @MinLength(MIN_SECRET_LENGTH, { message: `must be at least ${MIN_SECRET_LENGTH} characters` })
  AUTH_JWT_SECRET?: string;

  /** The identity provider's published keys (RS256/ES256); required in production, and then HS256 is not accepted. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  /** When set, tokens must carry exactly this issuer / audience. */
  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  /** The claim listing the caller's roles (an array, or space-separated). */
  @IsString()
  AUTH_ROLES_CLAIM = 'roles';

  /** A claim with the citizen's CPR number, if the identity broker sends one; otherwise a citizen's `sub` is their citizenId. */
  @IsOptional()
  @IsString()
  AUTH_CITIZEN_CPR_CLAIM?: string;

  /**
   * Where browsers reach this service (scheme, host, port): the pages' OpenID Connect redirect goes
   * back here. Default: http://localhost:PORT.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  PUBLIC_URL?: string;

  /**
   * The pages sign in with the OpenID Connect authorization code flow (PKCE) at this issuer, whose
   * keys are AUTH_JWKS_URL; the access token it issues for AUTH_AUDIENCE becomes the session.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  OIDC_ISSUER_URL?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** Confidential clients only; a public client relies on PKCE alone. */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  @IsString()
  OIDC_SCOPE = 'openid';

  /**
   * Encrypts the short-lived cookie that carries a sign-in in progress (PKCE verifier, state, nonce).
   * Unset: a key made at start, so a sign-in must finish on the instance (and run) that began it.
   */
  @IsOptional()
  @IsString()
  @MinLength(MIN_SECRET_LENGTH, { message: `must be at least ${MIN_SECRET_LENGTH} characters` })
  AUTH_SESSION_SECRET?: string;

  /** Requests per minute per bearer token (per address without one). */
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE: number = 600;

  /** Business time starts at this instant (ISO-8601) and runs on from there: a rehearsal, a training, a demonstration. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 instant such as 2021-10-04T08:00:00+02:00' })
  CLOCK_START?: string;

  /** Business time per real time (1440: a day per minute); with CLOCK_START, or from now. */
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  @Min(1)
  @Max(86_400)
  CLOCK_RATE: number = 1;

  /**
   * Business time never goes backwards in a data folder: a CLOCK_START before what the folder has reached is
   * refused unless this says `allow` (events are then recorded with earlier times than those before them).
   */
  @IsIn(['refuse', 'allow'])
  CLOCK_REWIND: 'refuse' | 'allow' = 'refuse';

  /** Production refuses a business time other than the real one unless this says `allow`. */
  @IsIn(['refuse', 'allow'])
  CLOCK_IN_PRODUCTION: 'refuse' | 'allow' = 'refuse';

  /** The largest NemID register file `POST /api/v1/population/imports` takes, in MiB (the national file is about 0.5 GiB). */
  @IsInt()
  @Min(1)
  @Max(65536)
  POPULATION_UPLOAD_LIMIT_MIB: number = 4096;

  /**
   * OpenTelemetry: traces go to this OTLP/HTTP endpoint (a collector, `http://localhost:4318`); unset, no
   * tracing at all. The standard variable, so the collector's documentation applies as written.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL such as http://localhost:4318' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsString()
  @MinLength(1)
  OTEL_SERVICE_NAME = 'overgang';

  /**
   * The share of traces recorded, 0 to 1 (the standard variable of the ratio sampler, decided where a trace starts):
   * at full load every span costs (docs/observability.md: The cost).
   */
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number from 0 to 1' })
  @Min(0, { message: 'must be a number from 0 to 1' })
  @Max(1, { message: 'must be a number from 0 to 1' })
  OTEL_TRACES_SAMPLER_ARG: number = 1;

  /** Milliseconds finished spans wait to be sent together (the SDK's default). */
  @IsInt()
  @Min(1)
  @Max(60_000)
  OTEL_BSP_SCHEDULE_DELAY: number = 5000;

  /** Browser origins allowed to call the API (comma-separated); CORS stays off when unset. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;
}

/** What production needs that development generates for itself: every missing one is named at once. */
function productionProblems(environment: Environment): string[] {
  if (environment.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!environment.AUTH_JWKS_URL) problems.push('AUTH_JWKS_URL: must be set in production (HS256 secrets are for development and tests)');
  if (!environment.CPR_HASH_KEY) problems.push('CPR_HASH_KEY: must be set in production (32 bytes, base64)');
  if (!environment.CPR_ENCRYPTION_KEYS) problems.push('CPR_ENCRYPTION_KEYS: must be set in production (keyId:base64Key, comma-separated)');
  if ((environment.CLOCK_START !== undefined || environment.CLOCK_RATE !== 1) && environment.CLOCK_IN_PRODUCTION !== 'allow') {
    problems.push('CLOCK_START: production runs on the real time; set CLOCK_IN_PRODUCTION=allow for a rehearsal on production settings');
  }
  return problems;
}

/** Settings that only work together. */
function signInProblems(environment: Environment): string[] {
  if (!environment.OIDC_ISSUER_URL) return [];
  const problems: string[] = [];
  if (!environment.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: must be set with OIDC_ISSUER_URL');
  if (!environment.AUTH_JWKS_URL) problems.push("AUTH_JWKS_URL: must be set with OIDC_ISSUER_URL (the provider's keys verify the tokens it issues)");
  return problems;
}

function eventStoreProblems(environment: Environment): string[] {
  const problem = environment.EVENT_STORE_URL === undefined ? undefined : eventStoreUrlProblem(environment.EVENT_STORE_URL);
  return problem ? [`EVENT_STORE_URL: ${problem}`] : [];
}

/** Checks class-validator cannot express: a cron expression and a time zone the scheduler accepts. */
function schedulerProblems(environment: Environment): string[] {
  const problems: string[] = [];
  if (!validateCronExpression(environment.TRANSITION_SCHEDULER_CRON).valid)
    problems.push('TRANSITION_SCHEDULER_CRON: must be a cron expression such as "0 6 * * *"');
  try {
    new Intl.DateTimeFormat('en', { timeZone: environment.TRANSITION_SCHEDULER_TIME_ZONE });
  } catch {
    problems.push('TRANSITION_SCHEDULER_TIME_ZONE: must be an IANA time zone such as Europe/Copenhagen');
  }
  return problems;
}

/** The development sign-in page mints HS256 tokens: never in production, and not where only the provider's keys are trusted. */
export const developmentSignInAllowed = (environment: Pick<Environment, 'NODE_ENV' | 'AUTH_JWKS_URL'>) =>
  environment.NODE_ENV !== 'production' && !environment.AUTH_JWKS_URL;

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const environment = plainToInstance(Environment, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  const problems = [
    ...errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`),
    ...(errors.length === 0 ? [...schedulerProblems(environment), ...eventStoreProblems(environment)] : []),
    ...signInProblems(environment),
    ...productionProblems(environment),
  ];
  if (problems.length > 0) {
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  return environment;
}
