import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AppLogger, loggedError, openLog, prettyLogs } from './app-logger';

/** An AppLogger over pino at `level`, and the lines it wrote, parsed. */
function logged(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const logger = new AppLogger(pino({ level, serializers: { err: loggedError } }, { write: (line: string) => void lines.push(JSON.parse(line)) }));
  return { logger, lines };
}

describe('AppLogger: Nest logging on pino', () => {
  afterEach(() => Logger.overrideLogger(true));

  it("writes a Nest logger's context as a field, its message as the line's message", () => {
    const { logger, lines } = logged();
    Logger.overrideLogger(logger);
    new Logger('PopulationImports').log('import 7 complete');
    expect(lines).toEqual([expect.objectContaining({ level: 30, context: 'PopulationImports', msg: 'import 7 complete' })]);
  });

  it('takes an object first as fields, then the message', () => {
    const { logger, lines } = logged();
    Logger.overrideLogger(logger);
    new Logger('Auth').debug({ status: 401, reason: 'the token has expired' }, 'request refused');
    expect(lines).toEqual([expect.objectContaining({ level: 20, context: 'Auth', status: 401, reason: 'the token has expired', msg: 'request refused' })]);
  });

  it("reads Nest's own error reports (message, stack, context) as an error with its stack", () => {
    const { logger, lines } = logged();
    logger.error('boom', 'Error: boom\n    at start (main.js:1:1)', 'ExceptionHandler');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      context: 'ExceptionHandler',
      msg: 'boom',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at start (main.js:1:1)' },
    });
  });

  it('an error without a stack is a plain error line, not one with an empty stack', () => {
    const { logger, lines } = logged();
    Logger.overrideLogger(logger);
    new Logger('Campaigns').error('campaign step failed, retrying');
    expect(lines).toEqual([expect.objectContaining({ level: 50, context: 'Campaigns', msg: 'campaign step failed, retrying' })]);
    expect(lines[0]).not.toHaveProperty('err');
  });

  it('serializes an Error given as the message', () => {
    const { logger, lines } = logged();
    logger.error(new Error('disk full'), 'Projections');
    expect(lines[0]).toMatchObject({ level: 50, context: 'Projections', err: { type: 'Error', message: 'disk full' } });
  });

  it('shows anything CPR-shaped in a logged error as [cpr], in its message and its stack', () => {
    const { logger, lines } = logged();
    logger.error(new Error('no row for 070761-4285'), 'Projections');
    const err = lines[0].err as { message: string; stack: string };
    expect(err.message).toBe('no row for [cpr]');
    expect(err.stack).toMatch(/^Error: no row for \[cpr\]\n/);
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = logged('warn');
    logger.log('started');
    logger.debug({ letterId: 'l-1' }, 'letter delivered');
    logger.warn('the read-model file is busy');
    expect(lines.map((line) => line.msg)).toEqual(['the read-model file is busy']);
  });

  it("writes Nest's own start-up lines (modules loaded, routes mapped) at debug, the service's own at info", () => {
    const { logger, lines } = logged();
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('the pages and the API are at http://localhost:3000', 'Overgang');
    expect(lines.map((line) => [line.level, line.context])).toEqual([
      [20, 'RouterExplorer'],
      [20, 'InstanceLoader'],
      [30, 'Overgang'],
    ]);
  });
});

describe('the log format', () => {
  it('is readable in development on a terminal, JSON anywhere else unless asked for', () => {
    expect(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'development' }, true)).toBe(true);
    expect(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'development' }, false)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'production' }, true)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'development', LOG_FILE: '/var/log/overgang.log' }, true)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: 'json', NODE_ENV: 'development' }, true)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: 'pretty', NODE_ENV: 'production' }, false)).toBe(true);
  });

  it('puts a readable request line and a warning with its context on one line each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overgang-log-'));
    try {
      const file = join(dir, 'service.log');
      const log = openLog({ level: 'info', file, pretty: true });
      log.info({ req: { id: 'r-1', method: 'GET', url: '/health' }, res: { statusCode: 200 }, responseTime: 3 }, 'request completed');
      new AppLogger(log).warn('the read-model file is busy', 'Projections');
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/INFO: request completed GET \/health → 200 in 3 ms \(r-1\)$/);
      expect(lines[1]).toMatch(/WARN: Projections: the read-model file is busy$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
