import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { configureApp } from './app.setup';
import { validateEnvironment } from './config/environment';

async function bootstrap(): Promise<void> {
  // Validate before AppModule is loaded (ConfigModule validates at import time), so a
  // misconfiguration ends in one readable line instead of a stack trace.
  const { PORT } = validateEnvironment(process.env);
  const { AppModule } = await import('./app.module');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false, abortOnError: false });
  configureApp(app);
  await app.listen(PORT);
}

bootstrap().catch((error: unknown) => {
  console.error(`overgang failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
