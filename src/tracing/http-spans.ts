import { ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { IncomingMessage, Server, ServerOptions, ServerResponse, createServer } from 'node:http';
import { tracingOn } from './tracing';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Fastify's own server settings, which it applies only to a server it makes itself. */
interface FastifyServerSettings {
  http?: ServerOptions;
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

const serverSpans = new WeakMap<IncomingMessage, Span>();

/**
 * Fastify's serverFactory while tracing: each request is handled inside its server span, so every span the
 * request leads to (commands, appends) is its child. A caller's `traceparent` header continues the caller's trace.
 * A factory rather than a hook: hooks cannot make the rest of the request run in a context.
 */
export function tracedHttpServer(handler: RequestHandler, settings: FastifyServerSettings): Server {
  const server = createServer(settings.http ?? {}, (request, response) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const method = request.method ?? 'GET';
    const span = trace.getTracer('overgang').startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
    serverSpans.set(request, span);
    response.once('close', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!response.writableFinished) span.setAttribute('http.aborted', true);
      span.end();
    });
    context.with(trace.setSpan(parent, span), () => handler(request, response));
  });
  if (settings.keepAliveTimeout !== undefined) server.keepAliveTimeout = settings.keepAliveTimeout;
  if (settings.requestTimeout !== undefined) server.requestTimeout = settings.requestTimeout;
  if (settings.connectionTimeout !== undefined) server.setTimeout(settings.connectionTimeout);
  if (settings.maxRequestsPerSocket) server.maxRequestsPerSocket = settings.maxRequestsPerSocket;
  return server;
}

/** The route template, once the router has matched it: the span's name and `http.route` (never the path: it may hold input). */
export function nameServerSpan(request: IncomingMessage, route: string | undefined): void {
  if (!tracingOn()) return;
  const span = serverSpans.get(request);
  if (!span || !route) return;
  span.updateName(`${request.method} ${route}`);
  span.setAttribute('http.route', route);
}
