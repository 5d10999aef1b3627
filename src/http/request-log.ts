import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { redactCprNumbers } from '../domain/cpr';

const SECRET_HEADERS = new Set(['authorization', 'cookie']);

interface LoggedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * How a request appears in the log: never its body (it carries CPR numbers) or credentials; the URL without
 * its query string (an access reason is free text); and nothing CPR-shaped, plain or percent-encoded, in the
 * path or any header (a caller can put one in x-correlation-id as easily as in a URL).
 */
export function requestForLog(request: LoggedRequest) {
  const headers = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => !SECRET_HEADERS.has(name))
      .map(([name, value]) => [name, redactCprNumbers(Array.isArray(value) ? value.join(', ') : String(value))]),
  );
  return { id: request.id, method: request.method, url: redactCprNumbers(request.url.split('?')[0]), headers };
}

/**
 * One line per answer, as the request log: at info, so it costs nothing at warn. A Fastify hook rather than
 * middleware with a request-bound logger: the binding took an async hook on every promise the request made.
 */
export function logAnswers(log: Logger) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!log.isLevelEnabled('info')) return;
    log.info({ req: requestForLog(request), res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
  };
}
