import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureApp, httpAdapter } from './app.setup';
import { AppLogger } from './logging/app-logger';
import { Environment, validateEnvironment } from './config/environment';
import { prepareDataDir } from './storage/sqlite-file';
import { startTracing } from './tracing/tracing';
import { repeatedFailureLog } from './logging/repeated-failures';
import { openLog, prettyLogs } from './logging/app-logger';
import { ProcessDidNotStart, Supervisor } from './cluster/supervisor';
import { ClusterLink } from './cluster/cluster-link';

async function bootstrap(): Promise<void> {
  // Validate before AppModule is loaded (ConfigModule validates at import time), so a
  // misconfiguration ends in one readable line instead of a stack trace.
  const environment = validateEnvironment(process.env);
  const { PORT, DATA_DIR, PUBLIC_URL, OTEL_EXPORTER_OTLP_ENDPOINT, WEB_CONCURRENCY } = environment;
  if (WEB_CONCURRENCY > 1 && cluster.isPrimary) return supervise(environment);
  // Before the application is made: its first request already runs in a span.
  if (OTEL_EXPORTER_OTLP_ENDPOINT)
    startTracing({
      endpoint: OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: environment.OTEL_SERVICE_NAME,
      scheduleDelayMs: environment.OTEL_BSP_SCHEDULE_DELAY,
      sampleRatio: environment.OTEL_TRACES_SAMPLER_ARG,
      onError: repeatedFailureLog(new Logger('Tracing'), 'exporting traces'),
    });
  // Keys, secrets and stores all live there: one clear line if it cannot be used, before any of them tries.
  prepareDataDir(DATA_DIR);
  const { AppModule } = await import('./app.module');
  // Nest's start-up lines and its report of a failure stay buffered: on failure the operator gets one line.
  // Once started, the buffer is written out and let go: from then on every line goes straight to the log.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, httpAdapter(), {
    bufferLogs: true,
    autoFlushLogs: false,
    bodyParser: false,
    abortOnError: false,
  });
  configureApp(app);
  // Every interface, IPv4 and IPv6, as Node listens by default: Fastify alone would take only localhost.
  await app.listen(PORT, '::');
  app.flushLogs();
  const link = ClusterLink.ofThisProcess();
  // With several processes the leader says it once, for all of them.
  if (link === undefined || link.isLeader)
    app.get(AppLogger).log(`the pages and the API are at ${PUBLIC_URL ?? `http://localhost:${PORT}`} (API docs at /api/docs)`, 'Overgang');
}

/** This process forks the ones that serve and keeps them running; the data folder is checked once, here. */
async function supervise(environment: Environment): Promise<void> {
  prepareDataDir(environment.DATA_DIR);
  const pretty = prettyLogs(environment);
  const log = new AppLogger(openLog({ level: environment.LOG_LEVEL, file: environment.LOG_FILE, pretty }));
  const context = 'Processes';
  await new Supervisor({
    processes: environment.WEB_CONCURRENCY,
    log: { log: (m) => log.log(m, context), warn: (m) => log.warn(m, context) },
  }).start();
}

bootstrap().catch((error: unknown) => {
  // Its process said why in its one line.
  if (error instanceof ProcessDidNotStart) process.exit(error.exitCode);
  if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') {
    Logger.flush();
    console.error(error);
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`overgang failed to start: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exit(1);
});
