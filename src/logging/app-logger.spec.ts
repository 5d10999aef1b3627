import { Logger } from '@nestjs/common';
import pino from 'pino';
import { AppLogger } from './app-logger';

/** An AppLogger over pino at `level`, and the lines it wrote, parsed. */
function logged(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const logger = new AppLogger(pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) }));
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
    expect(lines[0]).toMatchObject({ level: 50, context: 'ExceptionHandler', msg: 'boom', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at start (main.js:1:1)' } });
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

  it('writes nothing below its level', () => {
    const { logger, lines } = logged('warn');
    logger.log('started');
    logger.debug({ letterId: 'l-1' }, 'letter delivered');
    logger.warn('the read-model file is busy');
    expect(lines.map((line) => line.msg)).toEqual(['the read-model file is busy']);
  });
});
