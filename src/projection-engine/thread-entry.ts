import { extname, join } from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/** A worker thread on a module of this folder, which under ts-node and Jest is TypeScript like this file. */
export function startThread(module: string, options: WorkerOptions): Worker {
  const typescript = extname(__filename) === '.ts';
  return new Worker(join(__dirname, `${module}${extname(__filename)}`), {
    ...options,
    execArgv: typescript ? ['--require', 'ts-node/register/transpile-only'] : [],
  });
}
