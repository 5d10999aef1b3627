import cluster from 'node:cluster';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { Gathered, ProcessReport, ProcessRole, ProcessSlot, ToProcess, ToSupervisor, isOurs } from './cluster-messages';
import { ROLE_VARIABLE, SLOT_VARIABLE } from './supervisor';
import { CarriesProblem, Problem, TITLES, problemType } from '../http/problem';
import type { Committed } from '../event-store/event-store';

/** Nest injection token: the link of this process, or null when it serves alone. */
export const CLUSTER_LINK = Symbol('ClusterLink');

/** What a process's channel to the supervisor needs to offer (Node's `process` in a cluster worker). */
export interface Channel {
  send(message: ToSupervisor): void;
  on(event: 'message', listener: (message: unknown) => void): void;
}

/** A follower's commits listed for the leader, at most this many streams at once; more, and every subscription reads. */
const LISTED_STREAMS = 1_000;

/** An answer from every process this long in coming is given up on (the supervisor itself waits 2 s for each). */
const GATHERED_TIMEOUT_MS = 5_000;
/** Appends within this many milliseconds are told to the leader once. */
const APPENDED_COALESCE_MS = 5;

export interface GatheredParts {
  parts: { slot: number; part: unknown }[];
  slots: ProcessSlot[];
}

/** The supervisor did not answer in time: said as such, a 503. */
export class SupervisorSilent extends Error implements CarriesProblem {
  problem(): Problem {
    return {
      type: problemType('processes-not-answering'),
      title: TITLES[503],
      status: 503,
      detail: { da: 'tjenestens processer svarede ikke i tide; prøv igen', en: "the service's processes did not answer in time; try again" },
    };
  }
}

/**
 * One serving process's side of the cluster: which slot and role it has, the nudges it gives and takes (something
 * appended, an import spooled), and what it answers when every process is asked at once (its metrics, a report).
 */
export class ClusterLink {
  private static own?: ClusterLink;
  private readonly startedAt = new Date().toISOString();
  private readonly providers = new Map<Gathered, () => unknown>();
  private readonly spooledListeners = new Set<() => void>();
  private readonly appendedListeners = new Set<(committed: Committed | undefined) => void>();
  private committedSoon: Committed | null = [];
  private readonly waiting = new Map<number, (parts: GatheredParts) => void>();
  private readonly importWaitingListeners = new Set<(importId: string, since: Date | undefined) => void>();
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private nextId = 1;
  private appendedSoon?: NodeJS.Timeout;

  constructor(
    readonly slot: number,
    readonly role: ProcessRole,
    private readonly channel: Channel,
  ) {
    this.delay.enable();
    this.providers.set('report', () => this.report());
    channel.on('message', (message) => isOurs(message) && void this.receive(message as ToProcess));
  }

  /** This process's link when it is one of several (the supervisor set its slot), else undefined; one per process. */
  static ofThisProcess(): ClusterLink | undefined {
    const slot = process.env[SLOT_VARIABLE];
    const role = process.env[ROLE_VARIABLE];
    if (!cluster.isWorker || slot === undefined || (role !== 'leader' && role !== 'follower')) return undefined;
    ClusterLink.own ??= new ClusterLink(Number(slot), role, process as unknown as Channel);
    return ClusterLink.own;
  }

  get isLeader(): boolean {
    return this.role === 'leader';
  }

  /** What this process answers when every process is asked for `what`. */
  provide(what: Gathered, answer: () => unknown): void {
    this.providers.set(what, answer);
  }

  /** Another process spooled an upload (the leader is told). */
  onImportSpooled(listener: () => void): () => void {
    this.spooledListeners.add(listener);
    return () => this.spooledListeners.delete(listener);
  }

  /** A follower appended these (undefined: too many to list). */
  onAppended(listener: (committed: Committed | undefined) => void): () => void {
    this.appendedListeners.add(listener);
    return () => this.appendedListeners.delete(listener);
  }

  /** The leader is told: an upload waits in the spool folder. */
  importSpooled(): void {
    this.channel.send({ overgang: 'import-spooled' });
  }

  /** Every other process is told: this import waits for room on the data disk since `since`, or (undefined) goes on. */
  importWaiting(importId: string, since: Date | undefined): void {
    this.channel.send({ overgang: 'import-waiting', importId, since: since?.toISOString() ?? null });
  }

  onImportWaiting(listener: (importId: string, since: Date | undefined) => void): () => void {
    this.importWaitingListeners.add(listener);
    return () => this.importWaitingListeners.delete(listener);
  }

  /** The leader is told, once for the appends of a few milliseconds, what they wrote: its subscriptions that want it read now. */
  appended(committed: Committed): void {
    if (this.committedSoon !== null) {
      this.committedSoon.push(...committed);
      if (this.committedSoon.length > LISTED_STREAMS) this.committedSoon = null;
    }
    this.appendedSoon ??= setTimeout(() => {
      this.channel.send({ overgang: 'appended', committed: this.committedSoon });
      this.appendedSoon = undefined;
      this.committedSoon = [];
    }, APPENDED_COALESCE_MS);
  }

  /** Every running process's answer to `what`, and how each slot is doing. */
  gather(what: Gathered): Promise<GatheredParts> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new SupervisorSilent("the service's processes did not answer in time"));
      }, GATHERED_TIMEOUT_MS);
      this.waiting.set(id, (parts) => {
        clearTimeout(timer);
        resolve(parts);
      });
      this.channel.send({ overgang: 'gather', id, what });
    });
  }

  close(): void {
    this.delay.disable();
    clearTimeout(this.appendedSoon);
  }

  private async receive(message: ToProcess): Promise<void> {
    switch (message.overgang) {
      case 'appended':
        for (const listener of this.appendedListeners) listener(message.committed ?? undefined);
        return;
      case 'import-spooled':
        for (const listener of this.spooledListeners) listener();
        return;
      case 'import-waiting':
        for (const listener of this.importWaitingListeners) listener(message.importId, message.since === null ? undefined : new Date(message.since));
        return;
      case 'gather': {
        const provider = this.providers.get(message.what);
        let part: unknown = null;
        try {
          part = provider ? await provider() : null;
        } catch {
          // Left out of the answer: the asker sees this process as not answering.
        }
        this.channel.send({ overgang: 'part', id: message.id, part });
        return;
      }
      case 'gathered':
        this.waiting.get(message.id)?.({ parts: message.parts, slots: message.slots });
        this.waiting.delete(message.id);
        return;
      default:
        message satisfies never;
    }
  }

  private report(): ProcessReport {
    const memory = process.memoryUsage();
    const p99 = this.delay.percentile(99) / 1e6;
    this.delay.reset();
    return {
      slot: this.slot,
      role: this.role,
      pid: process.pid,
      startedAt: this.startedAt,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopDelayP99Ms: Math.round(p99 * 10) / 10,
    };
  }
}
