import { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { configureApp, httpAdapter } from '../../src/app.setup';
import { validateEnvironment } from '../../src/config/environment';
import { CLOCK } from '../../src/clock/clock.module';
import { FixedClock } from '../../src/domain/clock';
import { Role } from '../../src/auth/roles';
import { TEST_SUBJECTS, TEST_TOKEN_SECRET, tokenFor } from './tokens';

type StaffRole = Exclude<Role, 'citizen'>;
export type Agent = ReturnType<typeof request.agent>;

export interface TestApp {
  app: INestApplication;
  clock: FixedClock;
  dataDir: string;
  server: () => ReturnType<INestApplication['getHttpServer']>;
  close: () => Promise<void>;
  /** Every route the server answers, as `METHOD /path/:param`. */
  routes: readonly string[];
  /** Requests with a bearer token of a staff role (its default test subject). */
  as: (role: StaffRole) => Agent;
  /** Requests with a citizen's own token (subject = their citizenId). */
  asCitizen: (citizenId: string) => Promise<Agent>;
  /** Listens on loopback (on `port`, or a free one) for a browser; the address to open. */
  listen: (port?: number) => Promise<string>;
}

export interface StartOptions {
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Start on the data of an app stopped before (a restart); default: a new empty folder. */
  dataDir?: string;
}

/**
 * The real AppModule with the real embedded store in a folder of its own and a fixed clock. Each start
 * reads the environment as it is then, so a test's settings and data are its own, whatever ran before.
 */
export async function startApp(clock = new FixedClock(new Date('2022-03-10T10:00:00Z')), options: StartOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'overgang-e2e-'));
  const override = options.override ?? ((builder: TestingModuleBuilder) => builder);
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'silent';
  // The daily run would start notice campaigns on the fixed clock's day; tests run days themselves.
  process.env.TRANSITION_SCHEDULER ??= 'off';
  process.env.AUTH_JWT_SECRET ??= TEST_TOKEN_SECRET;
  // Suites make thousands of requests a minute with one token; the limit has its own test.
  process.env.RATE_LIMIT_PER_MINUTE ??= '1000000';
  const { AppModule } = await import('../../src/app.module');
  // ConfigModule validated process.env once, when AppModule was first loaded: this app gets its own reading.
  const environment = validateEnvironment({ ...process.env, DATA_DIR: dataDir });
  const moduleRef = await override(
    Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(CLOCK)
      .useValue(clock)
      .overrideProvider(ConfigService)
      .useValue(new ConfigService(environment)),
  ).compile();
  const app = moduleRef.createNestApplication(httpAdapter(), { bodyParser: false, logger: false });
  const routes: string[] = [];
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onRoute', (route) => {
    routes.push(...[route.method].flat().map((method) => `${method} ${route.url}`));
  });
  configureApp(app);
  await app.init();
  await fastify.ready();
  const server = () => app.getHttpServer();
  const agent = (token: string) => request.agent(server()).set('Authorization', `Bearer ${token}`);
  const staffTokens = new Map<StaffRole, string>();
  for (const [role, subject] of Object.entries(TEST_SUBJECTS) as [StaffRole, string][]) staffTokens.set(role, await tokenFor(role, subject));
  return {
    app,
    clock,
    dataDir,
    server,
    close: () => app.close(),
    routes,
    as: (role) => agent(staffTokens.get(role)!),
    asCitizen: async (citizenId) => agent(await tokenFor('citizen', citizenId)),
    listen: async (port = 0) => {
      await app.listen(port, '127.0.0.1');
      return `http://127.0.0.1:${(server().address() as AddressInfo).port}`;
    },
  };
}
