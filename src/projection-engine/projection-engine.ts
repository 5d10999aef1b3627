import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { AnyProjectionDefinition, eventsFoldedBy } from '../../projections/projection';
import { EventStore } from '../event-store/event-store';
import { ProjectionRunner, RunnerOptions } from './projection-runner';
import type { ProjectionThread } from './projection-thread';
import type { DeadLetter, OnStall } from './read-model-file/faults';
import { ReadModelStore } from './read-model-store';

export interface ProjectionStatus {
  name: string;
  version: number;
  position: string;
  head: string;
  /** Global positions between the checkpoint and the newest event (an upper bound on events to process). */
  behind: string;
  /** What it does when an event keeps failing. */
  onStall: OnStall;
  /** The event it is stalled on, or null while it folds. */
  stalled: DeadLetter | null;
}

/** How often a follower looks at the leader's checkpoints while it waits for them. */
const FOLLOW_POLL_MS = 20;

/**
 * One runner per projection, so a projection that rebuilds does not hold up the others. Runs with the
 * application: started on bootstrap, stopped before the event store closes (the batch in hand committed).
 */
export class ProjectionEngine implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runners: ProjectionRunner<unknown>[];

  constructor(
    private readonly store: EventStore,
    readonly readModels: ReadModelStore,
    definitions: AnyProjectionDefinition[],
    options: RunnerOptions = {},
    /** Where the runners run instead of here: the read models are still read (and registered) through this engine. */
    private readonly thread?: ProjectionThread,
    /** Another process (the leader among the service's processes) runs them: this one reads what it writes. */
    private readonly follow = false,
  ) {
    this.runners = definitions.map((definition) => new ProjectionRunner(store, readModels, definition, options));
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    if (this.follow) return;
    if (this.thread) await this.thread.start();
    else for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    await this.thread?.stop();
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /** Every event stored before the call is in the read models (or in the one named). */
  async caughtUp(name?: string): Promise<void> {
    if (this.follow) return this.followedUp(name);
    if (this.thread) return this.thread.caughtUp(name);
    await Promise.all(this.runners.filter((runner) => name === undefined || runner.definition.name === name).map((runner) => runner.caughtUp()));
  }

  /** The leader's checkpoints passed every event, of interest to them, stored before the call. */
  private async followedUp(name?: string): Promise<void> {
    for (const { definition } of this.runners.filter((runner) => name === undefined || runner.definition.name === name)) {
      const filter = eventsFoldedBy(definition);
      for (;;) {
        const { position } = this.readModels.checkpoint(definition.name);
        let pending = false;
        for await (const _ of this.store.readAll({ fromPosition: position, maxCount: 1, filter })) pending = true;
        if (!pending) break;
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
      }
    }
  }

  /**
   * Each read model, then each other consumer of the log with its position in the read-model file (the Digital Post
   * delivery, version 0): its dead letters and stall policy live beside the read models', so it is shown and acted on alike.
   */
  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const stalled = new Map(this.readModels.faults.stalled().map((letter) => [letter.projection, letter]));
    const statusOf = (name: string, version: number, position: bigint): ProjectionStatus => ({
      name,
      version,
      position: String(position),
      head: String(head),
      behind: `${head - position} ${this.store.positionUnit}`,
      onStall: this.readModels.faults.policyOf(name),
      stalled: stalled.get(name) ?? null,
    });
    return [
      ...this.runners.map(({ definition }) => {
        const { version, position } = this.readModels.checkpoint(definition.name);
        return statusOf(definition.name, version, position);
      }),
      ...this.readModels.consumerPositions().map(({ name, position }) => statusOf(name, 0, position)),
    ];
  }
}
