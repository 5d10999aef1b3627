import type { IncomingHttpHeaders } from 'node:http';
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
