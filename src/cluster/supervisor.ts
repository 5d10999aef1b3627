import cluster, { Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { Gathered, ProcessReport, ProcessRole, ProcessSlot, ToProcess, ToSupervisor, isOurs } from './cluster-messages';

export const SLOT_VARIABLE = 'OVERGANG_PROCESS_SLOT';
export const ROLE_VARIABLE = 'OVERGANG_PROCESS_ROLE';

/** What the supervisor tells the operator. */
export interface SupervisorLog {
  log(message: string): void;
  warn(message: string): void;
}

export interface SupervisorOptions {
  processes: number;
  log: SupervisorLog;
  /** The environment the processes share, on top of this one's. */
  env?: Record<string, string>;
}

/** A process that does not answer a gathering within this is reported as not answering, and the answer goes without it. */
const GATHER_TIMEOUT_MS = 2_000;
/** A process given this long to finish its requests and commit its work on SIGTERM, then killed. */
const STOP_TIMEOUT_MS = 30_000;
/** A process replaced this many times in a row within a minute waits before the next try, doubling up to 30 s. */
const QUICK_RESTARTS = 3;

/**
 * Only the leader runs the work that must run once per data folder: the projections, the campaigns, the scheduler,
 * the delivery of letters, the imports and the retention run. The followers serve requests and commands only.
 */
const FOLLOWER_SETTINGS = { WORKERS: 'off', TRANSITION_SCHEDULER: 'off', RETENTION_DAILY: 'off' };

/** A process did not start; it said why. */
export class ProcessDidNotStart extends Error {
  constructor(readonly exitCode: number) {
    super(`a process did not start (exit code ${exitCode})`);
  }
}

interface Slot {
  slot: number;
  role: ProcessRole;
  worker?: Worker;
  /** Its first process listened: from then on an exit is replaced rather than the start failing. */
  started: boolean;
  /** Its process listens. */
  ready: boolean;
  restarts: number;
  recentExits: number[];
}

interface Gathering {
  expected: Set<number>;
  parts: Map<number, unknown>;
  done: () => void;
}

/**
 * The primary process of `WEB_CONCURRENCY` > 1: it forks the processes that serve (the leader first, so the data
 * folder is prepared once, then the followers), replaces any that exits with one of the same role without touching
 * the others, carries their messages to each other, and stops them all on SIGTERM or SIGINT. It serves nothing
 * itself; Node's cluster hands each connection to a process in turn.
 */
export class Supervisor {
  private readonly slots: Slot[];
  private readonly gatherings = new Map<number, Gathering>();
  /** Imports waiting for room on the disk, told to every process, and to each replacement as it starts. */
  private readonly waitingImports = new Map<string, string>();
  private nextId = 1;
  private stopping = false;
  private readonly env: Record<string, string>;

  constructor(private readonly options: SupervisorOptions) {
    this.slots = Array.from({ length: options.processes }, (_, slot) => ({
      slot,
      role: slot === 0 ? 'leader' : 'follower',
      started: false,
      ready: false,
      restarts: 0,
      recentExits: [],
    }));
    // A sign-in begun on one process finishes on another: the cookie carrying it needs one key for all of them.
    this.env = {
      AUTH_SESSION_SECRET: process.env.AUTH_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
      // libuv then accepts one connection at a time and yields, so the next is taken by whichever process is free.
      UV_TCP_SINGLE_ACCEPT: '1',
      ...options.env,
    };
  }

  /** Resolves once every process listens; rejects (all stopped) if one fails to start. */
  async start(): Promise<void> {
    // Each process accepts its own connections: one that dies takes only those it had, which the kernel closes.
    // Handed out by this process instead (Node's round robin), a connection in transit to a process that dies
    // stays open with nobody to answer it.
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    process.once('SIGTERM', () => void this.stop('SIGTERM'));
    process.once('SIGINT', () => void this.stop('SIGINT'));
    for (const slot of this.slots) {
      if (this.stopping) return;
      await this.firstStart(slot);
    }
    if (this.stopping) return;
    this.options.log.log(
      `${this.slots.length} processes serve (pids ${this.slots.map((s) => s.worker?.process.pid).join(', ')}); the leader is pid ${this.slots[0].worker?.process.pid}`,
    );
  }

  /**
   * Every process told to stop, and waited for (killed after STOP_TIMEOUT_MS): the followers first, then the leader,
   * so the last to close the store's files is one process, which folds their write-ahead logs into them.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const [leader, ...followers] = this.slots;
    await Promise.all(followers.map((slot) => this.stopProcess(slot, signal)));
    await this.stopProcess(leader, signal);
    process.exitCode = 0;
    process.exit();
  }

  private stopProcess({ worker }: Slot, signal: NodeJS.Signals): Promise<void> {
    if (!worker || worker.isDead()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.process.kill(signal);
    });
  }

  /** A process that exits before it listens has said why in the log: the others are stopped and its exit code is this one's. */
  private firstStart(slot: Slot): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = this.fork(slot);
      const onExit = (code: number | null) => {
        // Stopped while it started (SIGTERM early on): not a failure.
        if (this.stopping) return resolve();
        this.stopping = true;
        for (const other of this.slots) if (other.worker && !other.worker.isDead()) other.worker.process.kill('SIGTERM');
        reject(new ProcessDidNotStart(code === null || code === 0 ? 1 : code));
      };
      worker.once('exit', onExit);
      worker.once('listening', () => {
        worker.off('exit', onExit);
        slot.started = true;
        resolve();
      });
    });
  }

  private fork(slot: Slot): Worker {
    const env = { ...this.env, [SLOT_VARIABLE]: String(slot.slot), [ROLE_VARIABLE]: slot.role, ...(slot.role === 'follower' ? FOLLOWER_SETTINGS : {}) };
    const worker = cluster.fork(env);
    slot.worker = worker;
    slot.ready = false;
    worker.on('listening', () => {
      slot.ready = true;
      for (const [importId, since] of this.waitingImports) this.send(slot, { overgang: 'import-waiting', importId, since });
    });
    worker.on('message', (message: unknown) => isOurs(message) && this.receive(slot, message as ToSupervisor));
    worker.on('exit', (code, signal) => this.exited(slot, worker, code, signal));
    return worker;
  }

  private exited(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    for (const gathering of this.gatherings.values()) {
      gathering.expected.delete(slot.slot);
      if (gathering.parts.size >= gathering.expected.size) gathering.done();
    }
    slot.ready = false;
    if (this.stopping || !slot.started) return;
    const now = Date.now();
    slot.recentExits = [...slot.recentExits.filter((at) => now - at < 60_000), now];
    slot.restarts++;
    const quick = slot.recentExits.length - QUICK_RESTARTS;
    const delay = quick < 0 ? 0 : Math.min(30_000, 1_000 * 2 ** quick);
    this.options.log.warn(
      `the ${slot.role} (process ${slot.slot}, pid ${worker.process.pid}) exited (${signal ?? `exit code ${code}`}); ${delay === 0 ? 'replacing it' : `replacing it in ${delay / 1000} s`}, the others serve meanwhile`,
    );
    slot.worker = undefined;
    // A replacement that fails before it listens comes back here, and waits longer each time.
    setTimeout(() => !this.stopping && this.fork(slot), delay);
  }

  private receive(from: Slot, message: ToSupervisor): void {
    switch (message.overgang) {
      case 'appended':
      case 'import-spooled':
        return this.send(this.slots[0], message);
      case 'import-waiting':
        if (message.since === null) this.waitingImports.delete(message.importId);
        else this.waitingImports.set(message.importId, message.since);
        for (const slot of this.slots) if (slot !== from) this.send(slot, message);
        return;
      case 'gather':
        return void this.gather(message.what).then((parts) => this.send(from, { overgang: 'gathered', id: message.id, parts, slots: this.report(parts) }));
      case 'part': {
        const gathering = this.gatherings.get(message.id);
        if (!gathering || !gathering.expected.has(from.slot)) return;
        gathering.parts.set(from.slot, message.part);
        if (gathering.parts.size >= gathering.expected.size) gathering.done();
        return;
      }
      default:
        message satisfies never;
    }
  }

  /** Each running process's part, within GATHER_TIMEOUT_MS: a process that does not answer is left out. */
  private gather(what: Gathered): Promise<{ slot: number; part: unknown }[]> {
    const id = this.nextId++;
    const running = this.slots.filter((slot) => slot.worker && slot.ready && !slot.worker.isDead());
    return new Promise((resolve) => {
      const gathering: Gathering = {
        expected: new Set(running.map((slot) => slot.slot)),
        parts: new Map(),
        done: () => {
          clearTimeout(timer);
          this.gatherings.delete(id);
          resolve([...gathering.parts].map(([slot, part]) => ({ slot, part })));
        },
      };
      const timer = setTimeout(gathering.done, GATHER_TIMEOUT_MS);
      this.gatherings.set(id, gathering);
      for (const slot of running) this.send(slot, { overgang: 'gather', id, what });
      if (running.length === 0) gathering.done();
    });
  }

  private report(parts: { slot: number; part: unknown }[]): ProcessSlot[] {
    const answered = new Map(parts.map(({ slot, part }) => [slot, part]));
    return this.slots.map((slot) => {
      const report = answered.get(slot.slot) as ProcessReport | undefined;
      const alive = slot.worker !== undefined && !slot.worker.isDead() && slot.ready;
      const state = !alive ? 'restarting' : report && typeof report === 'object' && 'pid' in report ? 'running' : 'not answering';
      return { slot: slot.slot, role: slot.role, state, restarts: slot.restarts, ...(state === 'running' ? { report } : {}) };
    });
  }

  private send(slot: Slot, message: ToProcess): void {
    const worker = slot.worker;
    if (!worker || worker.isDead() || !worker.isConnected()) return;
    worker.send(message, (error: Error | null) => {
      // A process that exits meanwhile is replaced; what it missed (a nudge, a gathering) is asked again.
      if (error) this.options.log.warn(`a message to process ${slot.slot} was not delivered: ${error.message}`);
    });
  }
}
