import { CompetingConsumer } from '../event-store/competing-consumers';
import { BackgroundLoop, BackgroundLoopOptions } from './background-loop';

/**
 * How a background worker runs: as a loop of rounds in this process (the embedded store), or,
 * when the store shares work between app instances (EventStoreDB), as a competing consumer.
 */
export class LocalOrSharedWorker {
  private readonly loop: BackgroundLoop;
  private stopped = true;

  constructor(
    round: () => Promise<boolean>,
    options: BackgroundLoopOptions,
    private readonly shared: CompetingConsumer | undefined,
  ) {
    this.loop = new BackgroundLoop(round, options);
  }

  get stopping(): boolean {
    return this.stopped;
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (this.shared) await this.shared.start();
    else this.loop.start();
  }

  /** Graceful: the round or the events in hand finish first. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.loop.stop(), this.shared?.stop()]);
  }

  /** New work arrived: the local loop looks now rather than after its pause (the shared consumer is told by the store). */
  nudge(): void {
    this.loop.nudge();
  }
}
