/** Exponential backoff for reconnecting: initial, doubled per failed attempt, capped. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

export interface ResubscribeOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Told of every drop before the wait: log it, count it. `resumeAfter`: the checkpoint a catch-up subscription resumes from. */
  onDropped?: (drop: { error: unknown; attempt: number; delayMs: number; resumeAfter?: bigint }) => void;
}

/**
 * The wait between a dropped EventStoreDB subscription (catch-up or persistent) and the next
 * attempt: reports the drop, backs off while attempts keep failing, and can be cut short on close.
 */
export class ReconnectBackoff {
  private attempt = 0;
  private interrupt?: () => void;

  constructor(private readonly options: ResubscribeOptions = {}) {}

  /** An attempt delivered something: the next drop starts from the initial delay again. */
  succeeded(): void {
    this.attempt = 0;
  }

  async afterDrop(error: unknown, resumeAfter?: bigint): Promise<void> {
    this.attempt++;
    const delayMs = backoffDelay(this.attempt, this.options.initialDelayMs ?? 250, this.options.maxDelayMs ?? 30_000);
    this.options.onDropped?.({ error, attempt: this.attempt, delayMs, resumeAfter });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      this.interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.interrupt = undefined;
  }

  /** Ends a wait in progress at once (closing). */
  cancel(): void {
    this.interrupt?.();
  }
}
