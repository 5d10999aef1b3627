import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateCronExpression } from 'cron';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';

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

  @IsIn(['FULL', 'NORMAL'])
  SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

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

  @IsIn(['drop-folder', 'http-gateway'])
  DIGITAL_POST_CHANNEL: 'drop-folder' | 'http-gateway' = 'drop-folder';

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

  /** Letters per second for the notice campaigns the scheduler starts. */
  @IsInt()
  @Min(1)
  @Max(100000)
  NOTICE_RATE_PER_SECOND: number = 20000;
}

/** Checks class-validator cannot express: a cron expression and a time zone the scheduler accepts. */
function schedulerProblems(environment: Environment): string[] {
  const problems: string[] = [];
  if (!validateCronExpression(environment.TRANSITION_SCHEDULER_CRON).valid) problems.push('TRANSITION_SCHEDULER_CRON: must be a cron expression such as "0 6 * * *"');
  try {
    new Intl.DateTimeFormat('en', { timeZone: environment.TRANSITION_SCHEDULER_TIME_ZONE });
  } catch {
    problems.push('TRANSITION_SCHEDULER_TIME_ZONE: must be an IANA time zone such as Europe/Copenhagen');
  }
  return problems;
}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const environment = plainToInstance(Environment, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  const problems = [...errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`), ...(errors.length === 0 ? schedulerProblems(environment) : [])];
  if (problems.length > 0) {
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  return environment;
}
