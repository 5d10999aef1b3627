import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureApp } from '../../src/app.setup';
import { CLOCK } from '../../src/clock/clock.module';
import { FixedClock } from '../../src/domain/clock';

export interface TestApp {
  app: INestApplication;
  clock: FixedClock;
  dataDir: string;
  server: () => ReturnType<INestApplication['getHttpServer']>;
  close: () => Promise<void>;
}

/**
 * The real AppModule with the real embedded store in a temporary folder and a fixed clock.
 * ConfigModule reads the environment when AppModule is first loaded, so one data folder per test file.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'overgang-e2e-'));

export async function startApp(clock = new FixedClock(new Date('2022-03-10T10:00:00Z'))): Promise<TestApp> {
  process.env.DATA_DIR = dataDir;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'silent';
  // The daily run would start notice campaigns on the fixed clock's day; tests run days themselves.
  process.env.TRANSITION_SCHEDULER ??= 'off';
  const { AppModule } = await import('../../src/app.module');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(CLOCK).useValue(clock).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  return { app, clock, dataDir, server: () => app.getHttpServer(), close: () => app.close() };
}
