import { RenderedLetter } from '../letter-renderer';
import { DeliveryChannel, DeliveryOutcome } from './channel';

export interface HttpGatewayOptions {
  /** Base URL; messages are POSTed to `<url>/messages` (MeMo XML) and `<url>/paper-letters` (PDF). */
  url: string;
  username?: string;
  password?: string;
  maxAttempts: number;
  /** First retry delay; it doubles per attempt, with jitter. */
  backoffMs: number;
  timeoutMs: number;
}

/** Worth retrying: the gateway or the network had a moment, not the letter. */
const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Delivers through an HTTP gateway (in production the KOMBIT service platform's SF1601 adapter).
 * The message UUID travels as the idempotency key, so a letter re-sent after a crash or a timed-out
 * attempt is recognised by the gateway rather than delivered twice.
 */
export class HttpGatewayChannel implements DeliveryChannel {
  readonly name = 'http-gateway';
  private readonly authorization?: string;

  /** Every attempt timing out, after the longest backoffs (the jitter at most 1.5 times the delay). */
  get longestDeliveryMs(): number {
    const { maxAttempts, timeoutMs, backoffMs } = this.options;
    let total = maxAttempts * timeoutMs;
    for (let attempt = 2; attempt <= maxAttempts; attempt++) total += backoffMs * 2 ** (attempt - 2) * 1.5;
    return total;
  }

  constructor(
    private readonly options: HttpGatewayOptions,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (options.username !== undefined) {
      this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    }
  }

  async deliver(letter: RenderedLetter): Promise<DeliveryOutcome> {
    const failures: string[] = [];
    const url = `${this.options.url.replace(/\/$/, '')}/${letter.form === 'paper' ? 'paper-letters' : 'messages'}`;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      if (attempt > 1) await this.sleep(this.options.backoffMs * 2 ** (attempt - 2) * (0.5 + Math.random()));
      let retryable: boolean;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': letter.contentType,
            'idempotency-key': letter.messageUUID,
            ...(this.authorization ? { authorization: this.authorization } : {}),
          },
          body: letter.body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await response.arrayBuffer();
        if (response.ok) return { delivered: true, attempts: attempt, failures };
        failures.push(`gateway answered ${response.status}`);
        retryable = RETRYABLE(response.status);
      } catch (error) {
        // Network error or timeout: the gateway may or may not have the letter; the idempotency key makes a retry safe.
        failures.push(
          `gateway unreachable: ${(error as Error).name === 'TimeoutError' ? 'timed out' : ((error as { cause?: { code?: string } }).cause?.code ?? 'network error')}`,
        );
        retryable = true;
      }
      if (!retryable) break;
    }
    return { delivered: false, attempts: failures.length, failures };
  }
}
