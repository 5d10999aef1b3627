import { RenderedLetter } from '../letter-renderer';

export type DeliveryOutcome =
  | { delivered: true; attempts: number; failures: string[] }
  /** `failures`: one reason per failed attempt, never containing personal data. */
  | { delivered: false; attempts: number; failures: string[] };

/** Where rendered letters go: a drop folder picked up by a transfer job, an HTTP gateway, or (simulations) a counter. */
export interface DeliveryChannel {
  readonly name: 'drop-folder' | 'http-gateway' | 'counting';
  /** The longest one delivery can take with all its retries: work shared between instances must not time out sooner. */
  readonly longestDeliveryMs: number;
  deliver(letter: RenderedLetter): Promise<DeliveryOutcome>;
}
