import Fastify from 'fastify';
import pino from 'pino';
import { logAnswers } from './request-log';

/** A Fastify app with one route and the request log at `level`, and the lines it wrote, parsed. */
async function appLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const app = Fastify({ genReqId: () => 'req-1' });
  app.addHook('onResponse', logAnswers(pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) })));
  app.get('/api/v1/citizens/:citizenId/timeline', async () => ({ ok: true }));
  await app.ready();
  return { app, lines };
}

describe('the request log', () => {
  it('is one line per answer: its id, method, status and time, the path without its query, no credentials', async () => {
    const { app, lines } = await appLoggingAt('info');
    await app.inject({
      method: 'GET',
      url: '/api/v1/citizens/c-1/timeline?reason=called%20about%20a%20letter',
      headers: { authorization: 'Bearer secret-token', cookie: 'session=s' },
    });
    await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'req-1', method: 'GET', url: '/api/v1/citizens/c-1/timeline' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines[0])).not.toMatch(/secret-token|session=s|reason|letter/);
    expect(lines[1]).toMatchObject({ req: { url: '/api/v1/nothing-here' }, res: { statusCode: 404 } });
    await app.close();
  });

  it('writes CPR numbers in a path or a header as [cpr]', async () => {
    const { app, lines } = await appLoggingAt('info');
    await app.inject({ method: 'GET', url: '/api/v1/citizens/1101682130/timeline', headers: { 'x-correlation-id': '110168-2130' } });
    expect(JSON.stringify(lines[0])).not.toMatch(/110168-?2130/);
    expect(lines[0]).toMatchObject({ req: { url: '/api/v1/citizens/[cpr]/timeline', headers: { 'x-correlation-id': '[cpr]' } } });
    await app.close();
  });

  it('is off at warn', async () => {
    const { app, lines } = await appLoggingAt('warn');
    await app.inject({ method: 'GET', url: '/api/v1/citizens/c-1/timeline' });
    expect(lines).toEqual([]);
    await app.close();
  });
});
