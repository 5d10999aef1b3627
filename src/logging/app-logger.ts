import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactCprNumbers } from '../domain/cpr';
import { trace } from '@opentelemetry/api';
import { tracingOn } from '../tracing/tracing';

export interface LogSettings {
  level: string;
  /** Append to this file instead of writing to standard output. */
  file?: string;
  /** Readable lines instead of JSON: for a person at a terminal, not for a log collector. */
  pretty?: boolean;
}

/** Whether the lines are for a person: asked for, or development on a terminal with no log file. */
export function prettyLogs(
  settings: { LOG_FORMAT: 'auto' | 'json' | 'pretty'; NODE_ENV: string; LOG_FILE?: string },
  terminal = process.stdout.isTTY === true,
): boolean {
  if (settings.LOG_FORMAT !== 'auto') return settings.LOG_FORMAT === 'pretty';
  return settings.NODE_ENV === 'development' && settings.LOG_FILE === undefined && terminal;
}

/**
 * The service's one pino logger: JSON lines (or readable ones), on standard output or appended to a file.
 * Written synchronously, so a crash loses none and nothing waits in memory.
 */
export function openLog({ level, file, pretty: readable }: LogSettings): Logger {
  const destination: DestinationStream = readable
    ? pretty({
        sync: true,
        colorize: file === undefined && process.stdout.isTTY === true,
        destination: file ?? 1,
        append: true,
        mkdir: true,
        translateTime: 'SYS:HH:MM:ss.l',
        // The request log's fields on its one line; every other line's fields below it.
        ignore: 'pid,hostname,context,req,res,responseTime',
        messageFormat: '{if context}{context}: {end}{msg}{if req.method} {req.method} {req.url} → {res.statusCode} in {responseTime} ms ({req.id}){end}',
      })
    : pino.destination({ dest: file ?? 1, append: true, mkdir: true, sync: true });
  return pino({ level, serializers: { err: loggedError }, mixin: traceIdsOfLine }, destination);
}

/** A line written inside a span names its trace: from a log line to the trace of the request or letter it is about. */
function traceIdsOfLine(): object {
  if (!tracingOn()) return {};
  const span = trace.getActiveSpan()?.spanContext();
  return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

/**
 * An error as logged: pino's fields, with anything CPR-shaped in its texts (message, stack, SQLite's quote of a
 * statement) shown as [cpr]. Errors are where data a caller sent can reach the log unplanned.
 */
export function loggedError(error: unknown): unknown {
  const fields = error instanceof Error ? pino.stdSerializers.err(error) : error;
  if (typeof fields !== 'object' || fields === null) return typeof fields === 'string' ? redactCprNumbers(fields) : fields;
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, typeof value === 'string' ? redactCprNumbers(value) : value]));
}

/** Nest's own start-up lines (every module loaded, every route mapped): detail for debugging, not the operator's log. */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * Nest's logger interface over pino. Nest passes the logger's context last (`new Logger('Auth')`), an object first
 * is pino's fields, and Nest's own error reports are (message, stack, context).
 */
export class AppLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write(START_UP_CONTEXTS.has(params.at(-1) as string) ? 'debug' : 'info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    // Nest fills a missing stack with undefined before the context.
    const rest = params.slice(0, -1).filter((param) => param !== undefined);
    if (params.length > 0 && params.at(-1) !== undefined) fields.context = params.at(-1);
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, ...(rest as [string?]));
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...message }, ...(rest as [string?]));
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string') {
      this.pino.error({ ...fields, err: Object.assign(new Error(String(message)), { stack: rest[0] }) }, String(message));
    } else {
      this.pino[level](fields, String(message), ...rest);
    }
  }
}
