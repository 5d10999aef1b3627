import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project-root';
import type { Text } from '../domain/text';
import { CarriesProblem, Problem, TITLES, problemType } from '../http/problem';
import { diskFullOr } from '../storage/data-disk';
import type { SimulationJobView, SimulationStatus } from './simulation-api';

/** What the agency asks: a proposed deadline against the real schedule, or (none) the original against the real. */
export interface SimulationRequest {
  citizens: number;
  seed: number;
  deadline?: string;
}

export type SimulationJob = Omit<SimulationJobView, 'report'>;

/** A second simulation while one runs: the machine's cores serve the service and one simulation. */
export class SimulationRunning extends Error implements CarriesProblem {
  constructor() {
    super('a simulation is running');
  }
  problem(): Problem {
    return {
      type: problemType('simulation-running'),
      title: TITLES[409],
      status: 409,
      detail: {
        da: 'en simulering kører allerede; start den næste, når den er færdig',
        en: 'a simulation is already running; start the next when it has finished',
      } satisfies Text,
    };
  }
}

const JOB_FILE = 'job.json';
/** Each schedule's run writes its days done to `progress.<schedule>` (simulate --progress-file). */
const PROGRESS = 'progress';
const SIMULATE = join(projectRoot(__dirname), 'dist', 'src', 'simulate.js');
/** The files a report folder holds (report-files.ts, compare-files.ts): nothing else is served. */
const REPORT_FILE = /^[a-z-]+(\.(da|en))?\.(html|png|json)$/;
const SCHEDULE_FOLDER = /^(original|real|proposed)$/;
const ID = /^[0-9a-f-]{36}$/;

/**
 * The agency's simulations: each a `simulate --compare` in a child process of its own (never in the service's
 * threads), its report in a folder under the data folder, listed with who asked and how it ended.
 */
export class SimulationJobs implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Simulations');
  private readonly jobs = new Map<string, SimulationJob>();
  private child?: ChildProcess;

  constructor(private readonly dir: string) {}

  /** Jobs of earlier runs; one that was running when the service stopped is interrupted. */
  onModuleInit(): void {
    mkdirSync(this.dir, { recursive: true });
    for (const id of readdirSync(this.dir).filter((name) => ID.test(name))) {
      try {
        const job = JSON.parse(readFileSync(join(this.dir, id, JOB_FILE), 'utf8')) as SimulationJob;
        this.jobs.set(id, job.status === 'running' ? this.save({ ...job, status: 'interrupted' }) : job);
      } catch {
        this.logger.warn(`simulation ${id}: its ${JOB_FILE} cannot be read; it is not listed`);
      }
    }
  }

  list(): SimulationJob[] {
    return [...this.jobs.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  get(id: string): SimulationJob | undefined {
    return this.jobs.get(id);
  }

  /** A running job's share of days done over its schedules; undefined once it has ended. */
  progress(job: SimulationJob): number | undefined {
    if (job.status !== 'running') return undefined;
    const shares = job.schedules.map((schedule) => {
      try {
        const { day, days } = JSON.parse(readFileSync(join(this.dir, job.id, `${PROGRESS}.${schedule}`), 'utf8')) as { day: number; days: number };
        return days > 0 ? day / days : 0;
      } catch {
        // Not begun yet.
        return 0;
      }
    });
    return Math.round((shares.reduce((a, b) => a + b, 0) / shares.length) * 100) / 100;
  }

  start(request: SimulationRequest, requestedBy: string, now: Date): SimulationJob {
    if (this.list().some((job) => job.status === 'running')) throw new SimulationRunning();
    const id = randomUUID();
    const folder = join(this.dir, id);
    const schedules = request.deadline ? ['proposed', 'real'] : ['original', 'real'];
    let job: SimulationJob;
    try {
      mkdirSync(folder, { recursive: true });
      if (request.deadline)
        writeFileSync(join(folder, 'proposed.json'), JSON.stringify({ name: 'proposed', schedule: { deadline: request.deadline }, moves: [] }));
      job = this.save({ ...request, id, status: 'running', schedules, startedAt: now.toISOString(), requestedBy });
    } catch (error) {
      // A full disk is said as such (507), like every other write the service is asked for.
      throw diskFullOr(error);
    }
    const compare = schedules.map((name) => (name === 'proposed' ? join(folder, 'proposed.json') : name));
    const args = [
      ...['--citizens', String(request.citizens), '--seed', String(request.seed), '--compare', ...compare],
      ...['--out', join(folder, 'report'), '--progress-file', join(folder, PROGRESS)],
    ];
    // A process group of its own: the comparison's two runs are its children, and stop with it.
    const child = spawn(process.execPath, ['--max-semi-space-size=64', SIMULATE, ...args], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    this.child = child;
    let lastError = '';
    child.stderr?.on('data', (chunk: Buffer) => (lastError = chunk.toString().trim().split('\n').at(-1) ?? lastError));
    let finished = false;
    const finish = (status: SimulationStatus, how: string) => {
      if (finished) return;
      finished = true;
      this.child = undefined;
      if (status === 'done') this.logger.log(`simulation ${id} done`);
      else this.logger.warn(`simulation ${id} ${status} (${how}): ${lastError}`);
      try {
        this.save({ ...job, status, finishedAt: new Date().toISOString() });
      } catch (error) {
        // Kept in memory all the same; at the next start the job reads as interrupted.
        this.logger.warn(`simulation ${id}: its ${JOB_FILE} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    };
    // A process that could not start ends the job as failed, and never takes the service down with it.
    child.once('error', (error: NodeJS.ErrnoException) => finish('failed', `could not start: ${error.code ?? 'error'}`));
    child.once('exit', (code, signal) => finish(code === 0 ? 'done' : signal ? 'interrupted' : 'failed', signal ?? `exit code ${code}`));
    this.logger.log(`simulation ${id} started: ${request.citizens} holders, ${schedules.join(' against ')}`);
    return job;
  }

  /** A file of a finished job's report, by its folder (a schedule's full report) and name; undefined for anything else. */
  reportFile(id: string, name: string, schedule?: string): string | undefined {
    const job = this.jobs.get(id);
    if (!job || job.status !== 'done' || !REPORT_FILE.test(name) || (schedule !== undefined && !SCHEDULE_FOLDER.test(schedule))) return undefined;
    const path = join(this.dir, id, 'report', ...(schedule ? [schedule] : []), name);
    return existsSync(path) ? path : undefined;
  }

  /** Stops a running simulation with the service: it is interrupted, not left running alone. */
  onModuleDestroy(): void {
    if (this.child?.pid !== undefined && this.child.exitCode === null) process.kill(-this.child.pid, 'SIGTERM');
  }

  private save(job: SimulationJob): SimulationJob {
    this.jobs.set(job.id, job);
    writeFileSync(join(this.dir, job.id, JOB_FILE), JSON.stringify(job));
    return job;
  }
}
