import { LetterForm } from '../domain/notices';

/** Appended to the citizen's stream once a letter has been handed to the channel. */
export interface DigitalPostDeliveredData {
  campaignId: string;
  /** Id of the letter event (UpdateInfoLetterSent) this delivery belongs to. */
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

/** Letters the delivery sends; NoticeSent joins when the transition notices exist. */
export const LETTER_EVENT_TYPES = ['UpdateInfoLetterSent'];
