import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import helmet from 'helmet';
import { Environment } from './config/environment';
import { problemFor, sendProblem } from './http/problem-details';
import { BODY_LIMIT_BYTES, decodeBody, parseJsonBody, requireJsonBodies } from './http/request-body';
import { logAnswers } from './http/request-log';
import { AppLogger } from './logging/app-logger';
import { LOG } from './logging/logging.module';
import { countAnswers } from './metrics/http-metrics';
import { Metrics } from './metrics/metrics';
import { REGISTER_UPLOAD } from './http/register-upload';
import { serveWebPages } from './web/web-assets';
import { nameServerSpan, tracedHttpServer } from './tracing/http-spans';
import { tracingOn } from './tracing/tracing';

/**
 * The HTTP platform: Fastify, for its cost per request (the bench's timeline and status load). What it answers
 * before Nest sees a request (a malformed URL, a connection that is not HTTP) is problem+json like the rest.
 */
export function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      identifyRequest(request.id, reply.raw);
      sendProblem(reply, problemFor(error), request);
    },
    clientErrorHandler: answerUnparsableRequest,
    // No Express middleware: its compatibility layer would run before every request.
    skipMiddie: true,
    ...(tracingOn() ? { serverFactory: tracedHttpServer } : {}),
  });
}

/** What main.ts and the end-to-end tests both apply on top of AppModule. */
export function configureApp(app: INestApplication): void {
  const nest = app as NestFastifyApplication;
  const fastify = nest.getHttpAdapter().getInstance() as FastifyInstance;
  nest.useLogger(app.get(AppLogger));
  // First, so that every answer has them, whichever hook or route gives it.
  fastify.addHook('onRequest', identifyAndSecure());
  fastify.addHook('onRequest', requireJsonBodies);
  if (tracingOn()) fastify.addHook('onRequest', async (request) => nameServerSpan(request.raw, request.is404 ? undefined : request.routeOptions.url));
  fastify.addHook('preParsing', decodeBody);
  fastify.addHook('onResponse', countAnswers(app.get(Metrics)));
  fastify.addHook('onResponse', logAnswers(app.get(LOG)));
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser([...REGISTER_UPLOAD.mediaTypes], (_request, payload, done) => done(null, payload));
  const corsOrigins = app.get(ConfigService<Environment, true>).get('CORS_ORIGINS', { infer: true });
  // The methods named: Fastify's CORS would allow only GET, HEAD and POST, and the schedule is set with PUT.
  if (corsOrigins) nest.enableCors({ origin: corsOrigins.split(',').map((origin: string) => origin.trim()), methods: ['GET', 'HEAD', 'PUT', 'POST'] });
  serveWebPages(nest, (message) => new NestLogger('Pages').warn(message));
  app.enableShutdownHooks();
  document(app);
}

/** The request's id, no caching, and helmet's security headers: a hook, where Express middleware would run through @fastify/middie. */
function identifyAndSecure(): onRequestHookHandler {
  const secure = helmet();
  return (request, reply, done) => {
    identifyRequest(request.id, reply.raw);
    // Helmet calls next() with no error, or with one Fastify answers as any other.
    secure(request.raw, reply.raw, done as (error?: unknown) => void);
  };
}

/**
 * Each request gets its own id: the request log carries it, the response names it (X-Request-Id) and a
 * problem's `instance` is it, so support can find the log line without the problem echoing the caller's URL.
 * Routes answer with personal data or a session: none may stay in a browser's cache on a shared desk computer
 * or in a proxy's. Set before any route or guard can answer, errors included; the pages set their own caching.
 */
function identifyRequest(id: string, response: ServerResponse): void {
  response.setHeader('X-Request-Id', id);
  response.setHeader('Cache-Control', 'no-store');
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a URL or headers over its 16 kB limit,
 * malformed request lines) get a problem+json answer too, instead of a bare status line.
 */
function answerUnparsableRequest(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const problem = {
    type: 'about:blank',
    title: tooLarge ? 'Request header fields too large' : 'Bad request',
    status: tooLarge ? 431 : 400,
    detail: tooLarge ? 'the URL and headers together must stay under 16 kB' : 'the request could not be parsed as HTTP',
  };
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function document(app: INestApplication): void {
  const openApi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Overgang')
      .setDescription('Moving every Danish NemID holder to MitID. Errors are RFC 9457 problem+json.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'roles claim: agency, citizen-service, support, citizen' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, openApi);
}
