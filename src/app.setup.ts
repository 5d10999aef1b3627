import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Environment } from './config/environment';
import { sendProblem } from './http/problem-details';
import { redactCprNumbers } from './domain/cpr';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { Metrics } from './metrics/metrics';

export const BODY_LIMIT = '100kb';

/** What main.ts and the end-to-end tests both apply on top of AppModule. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(Logger));
  express.use(helmet());
  express.use(httpMetrics(app.get(Metrics)));
  express.use(requireJsonBodies);
  express.useBodyParser('json', { limit: BODY_LIMIT });
  express.disable('x-powered-by');
  const corsOrigins = app.get(ConfigService<Environment, true>).get('CORS_ORIGINS', { infer: true });
  if (corsOrigins) express.enableCors({ origin: corsOrigins.split(',').map((origin: string) => origin.trim()) });
  app.enableShutdownHooks();
  document(app);
}

/** A request with a body must send JSON; anything else would reach the validators as an empty object. */
function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || request.is('application/json')) return next();
  sendProblem(response, {
    type: 'about:blank',
    title: 'Unsupported media type',
    status: 415,
    detail: 'send the body as application/json',
    instance: redactCprNumbers(request.path),
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
