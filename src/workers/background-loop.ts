export interface BackgroundLoopOptions {
  /** Pause after a round that found nothing to do (or failed), unless nudged. */
  idleMs?: number;
  /** A failed round is reported and retried after the pause. */
  onError?: (error: unknown) => void;
}

/**
 * Runs `round` again and again in the background until stopped: at once while it reports
 * work done, after a pause otherwise. Stopping lets the round in hand finish.
 */
export class BackgroundLoop {
  private stopped = true;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly round: () => Promise<boolean>,
    private readonly options: BackgroundLoopOptions = {},
  ) {}

  get stopping(): boolean {
    return this.stopped;
  }

  start(): void {
    this.stopped = false;
    this.loop ??= this.run().finally(() => (this.loop = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** Ends the pause early: new work has arrived. */
  nudge(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (await this.round()) continue;
      } catch (error) {
        this.options.onError?.(error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.idleMs ?? 100);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
