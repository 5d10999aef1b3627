import { LetterForm } from '../domain/notices';

/** Appended to the citizen's stream once a letter has been handed to the channel. */
export interface DigitalPostDeliveredData {
  campaignId: string;
  /** Id of the letter event (UpdateInfoLetterSent or NoticeSent) this delivery belongs to. */
  letterEventId: string;
  messageUUID: string;
  form: LetterForm;
  largePrint: boolean;
  channel: string;
  attempts: number;
  deliveredAt: string;
}

/** One per failed attempt; `final` when the channel gave up, which counts as failed in the campaign's progress. */
export interface DigitalPostDeliveryFailedData {
  campaignId: string;
  letterEventId: string;
  messageUUID: string;
  channel: string;
  attempt: number;
  reason: string;
  final: boolean;
}

/** Letters the delivery sends: the update-info letters and the notices around the deadline. */
export const LETTER_EVENT_TYPES = ['UpdateInfoLetterSent', 'NoticeSent'];

/** One line for a support agent's timeline; reasons never carry personal data. */
export function summarizeDelivery(type: string, data: unknown): string | undefined {
  if (type === 'DigitalPostDelivered') {
    const d = data as DigitalPostDeliveredData;
    const form = d.form === 'paper' ? 'a paper letter' : 'Digital Post';
    return `Letter delivered as ${form}${d.largePrint ? ' in large print' : ''} (campaign ${d.campaignId}, message ${d.messageUUID})`;
  }
  if (type === 'DigitalPostDeliveryFailed') {
    const d = data as DigitalPostDeliveryFailedData;
    return `Letter delivery attempt ${d.attempt} failed: ${d.reason}${d.final ? '; gave up' : '; retrying'} (campaign ${d.campaignId})`;
  }
  return undefined;
}
