import { RenderedLetter } from '../letter-renderer';
import { DeliveryChannel, DeliveryOutcome } from './channel';

/**
 * Takes every letter and keeps only a count per form: for simulations and rehearsals, where the letters
 * are rendered and recorded as in production but a national run must not fill the disk.
 */
export class CountingChannel implements DeliveryChannel {
  readonly name = 'counting';
  readonly longestDeliveryMs = 1000;
  readonly counts = { 'digital-post': 0, paper: 0 };

  async deliver(letter: RenderedLetter): Promise<DeliveryOutcome> {
    this.counts[letter.form] += 1;
    return { delivered: true, attempts: 1, failures: [] };
  }
}
