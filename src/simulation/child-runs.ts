import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { SimulationReport } from './report';

export class ChildRunFailed extends Error {}

/** One run of this command in a process of its own, quiet, its report read back from `out`. */
async function runChild(args: string[], out: string): Promise<SimulationReport> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args, '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new ChildRunFailed(`a run (${args.join(' ')}) failed with exit code ${code}`);
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as SimulationReport;
}

/**
 * Runs of this command, one per core at a time (a run is one thread of appends plus its projection
 * thread, so more at once only queue for the cores); the reports in the order given.
 */
export async function runChildren(
  runs: { args: string[]; out: string }[],
  onDone?: (index: number, report: SimulationReport) => void,
  parallel = availableParallelism(),
): Promise<SimulationReport[]> {
  const reports = new Array<SimulationReport>(runs.length);
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const index = next++;
      reports[index] = await runChild(runs[index].args, runs[index].out);
      onDone?.(index, reports[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
  return reports;
}
