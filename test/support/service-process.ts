import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { TEST_KEYS } from './population';
import { TEST_TOKEN_SECRET } from './tokens';
import { until } from './until';

export const ROOT = join(__dirname, '..', '..');

/** How `npm start` runs the built service (package.json's start script; the Dockerfile's CMD follows it): node's flags, then the entry. */
export function startCommand(): { nodeFlags: string[]; entry: string } {
  const start: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
  const words = /(?:^|&& )node ([^&]+)$/.exec(start)![1].trim().split(/\s+/);
  return { nodeFlags: words.slice(0, -1), entry: words.at(-1)! };
}

/**
 * The compiled service, CLI and simulator, as `npm start`, `npx overgang` and `npm run simulate` run them. The
 * e2e suites' global set-up builds them first when a source changed (scripts/build.js), so they are never older.
 */
export const COMPILED = {
  main: join(ROOT, 'dist', 'src', 'main.js'),
  cli: join(ROOT, 'dist', 'src', 'cli.js'),
  simulate: join(ROOT, 'dist', 'src', 'simulate.js'),
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The real service in its own process, on the embedded store in `dataDir`, once /health answers. Its business
 * time starts at 2021-10-04 08:00 (the week the update-info letters went out), as the tests' data assume. It runs
 * compiled, or from `compiled`, another build; with the node flags `npm start` gives it.
 */
export async function startService(
  dataDir: string,
  env: Record<string, string> = {},
  compiled?: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  let output = '';
  const { nodeFlags } = startCommand();
  const entry = [compiled ? join(compiled, 'src', 'main.js') : COMPILED.main];
  const child = spawn(process.execPath, [...nodeFlags, ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...TEST_KEYS,
      AUTH_JWT_SECRET: TEST_TOKEN_SECRET,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      CLOCK_START: '2021-10-04T08:00:00+02:00',
      // As the run asks (CI runs the reliability suite once more with WEB_CONCURRENCY=2), else the default, one.
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
      ...env,
    },
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const health = async (): Promise<'up' | 'down' | 'exited'> => {
    if (child.exitCode !== null) return 'exited';
    try {
      return (await fetch(`${url}/health`)).ok ? 'up' : 'down';
    } catch {
      return 'down';
    }
  };
  const state = await until(health, (answer) => answer !== 'down', 60_000);
  if (state === 'exited') throw new Error(`service exited: ${output}`);
  if (state === 'down') throw new Error(`service did not start: ${output}`);
  return { child, url, output: () => output };
}

export const stopProcess = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

export interface ServiceBesideItsEvents {
  service: { child: ChildProcess; url: string };
  /** A second connection to the service's events file, as another process of the same installation would have. */
  events: SqliteEventStore;
  dataDir: string;
  stop(): Promise<void>;
}

/** The service on a folder of its own, and the events file it writes: for tests that store events the service must then cope with. */
export async function serviceBesideItsEvents(folderPrefix: string, env: Record<string, string> = {}): Promise<ServiceBesideItsEvents> {
  const dataDir = mkdtempSync(join(tmpdir(), folderPrefix));
  const service = await startService(dataDir, env);
  const events = new SqliteEventStore({ path: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  return {
    service,
    events,
    dataDir,
    stop: async () => {
      await events.close();
      await stopProcess(service.child, 'SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
