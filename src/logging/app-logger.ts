import { LoggerService } from '@nestjs/common';
import pino, { Level, Logger } from 'pino';

export interface LogSettings {
  level: string;
  /** Append to this file instead of writing to standard output. */
  file?: string;
}

/** The service's one pino logger: JSON lines, on standard output or appended to a file (synchronously, so a crash loses none). */
export function openLog({ level, file }: LogSettings): Logger {
  return file ? pino({ level }, pino.destination({ dest: file, append: true, mkdir: true, sync: true })) : pino({ level });
}

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
    this.write('info', message, params);
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
