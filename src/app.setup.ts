import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Environment } from './config/environment';
import { problemInstance, sendProblem } from './http/problem-details';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { Metrics } from './metrics/metrics';
import { REGISTER_UPLOAD } from './population/population.controller';
import { serveWebPages } from './web/web-assets';

export const BODY_LIMIT = '100kb';
/** No request body of this API nests deeper; far deeper ones would exhaust the validator's stack. */
export const MAX_BODY_DEPTH = 32;

/** What main.ts and the end-to-end tests both apply on top of AppModule. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(Logger));
  express.use(identifyRequest);
  express.use(storeNoAnswers);
  express.use(helmet());
  express.use(httpMetrics(app.get(Metrics)));
  express.use(requireJsonBodies);
  express.useBodyParser('json', { limit: BODY_LIMIT });
  express.use(refuseDeepBodies);
  express.disable('x-powered-by');
  // No answer is stored (above), so none is revalidated: hashing every body for an ETag would be wasted.
  express.set('etag', false);
  const corsOrigins = app.get(ConfigService<Environment, true>).get('CORS_ORIGINS', { infer: true });
  if (corsOrigins) express.enableCors({ origin: corsOrigins.split(',').map((origin: string) => origin.trim()) });
  serveWebPages(express, (message) => new NestLogger('Pages').warn(message));
  app.enableShutdownHooks();
  answerUnparsableRequests(app.getHttpServer());
  document(app);
}

/**
 * Each request gets its own id: the request log carries it, the response names it (X-Request-Id) and a
 * problem's `instance` is it, so support can find the log line without the problem echoing the caller's URL.
 */
function identifyRequest(request: Request, response: Response, next: NextFunction): void {
  const id = randomUUID();
  (request as Request & { id: string }).id = id;
  response.setHeader('X-Request-Id', id);
  next();
}

/**
 * Routes answer with personal data or a session: none may stay in a browser's cache on a shared desk computer or
 * in a proxy's. Set before any route or guard can answer, errors included; the pages set their own caching.
 */
function storeNoAnswers(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  next();
}

/** How deep a parsed body nests, walked without recursion so no depth can overflow the stack. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

function refuseDeepBodies(request: Request, response: Response, next: NextFunction): void {
  if (nestingDepth(request.body) <= MAX_BODY_DEPTH) return next();
  sendProblem(response, {
    type: 'about:blank',
    title: 'Bad request',
    status: 400,
    detail: `the body nests deeper than ${MAX_BODY_DEPTH} levels`,
    instance: problemInstance(request),
  });
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over its 16 kB limit,
 * malformed request lines) get a problem+json answer too, instead of Node's bare status line.
 */
function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const problem = {
      type: 'about:blank',
      title: tooLarge ? 'Request header fields too large' : 'Bad request',
      status: tooLarge ? 431 : 400,
      detail: tooLarge ? 'the URL and headers together must stay under 16 kB' : 'the request could not be parsed as HTTP',
    };
    const body = JSON.stringify(problem);
    socket.end(`HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/** The register upload streams its own body (with its own limit); every other route takes JSON. */
const isRegisterUpload = (request: Request) =>
  request.method === 'POST' && request.path === REGISTER_UPLOAD.path && request.is([...REGISTER_UPLOAD.mediaTypes]) !== false;

/** A request with a body must send JSON; anything else would reach the validators as an empty object. */
function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || request.is('application/json') || isRegisterUpload(request)) return next();
  sendProblem(response, {
    type: 'about:blank',
    title: 'Unsupported media type',
    status: 415,
    detail: request.path === REGISTER_UPLOAD.path ? `send the register file as ${REGISTER_UPLOAD.mediaTypes.join(', ')}` : 'send the body as application/json',
    instance: problemInstance(request),
  });
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
