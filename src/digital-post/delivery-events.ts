import { CampaignKind } from '../domain/campaign';
import { NoticeSent, UpdateInfoLetterSent } from '../domain/citizen';
import { IsoDate } from '../domain/dates';
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

export interface LetterFacts {
  kind: CampaignKind;
  campaignId: string;
  decidedOn: IsoDate;
  /** Notices: the deadline they name. */
  deadline?: IsoDate;
}

/** What a letter event says about its letter; undefined for any other event. */
export function letterFactsOf(event: { type: string; data: unknown }): LetterFacts | undefined {
  switch (event.type) {
    case 'UpdateInfoLetterSent': {
      const data = event.data as UpdateInfoLetterSent['data'];
      return { kind: 'update-info-letter', campaignId: data.campaignId, decidedOn: data.sentOn };
    }
    case 'NoticeSent': {
      const data = event.data as NoticeSent['data'];
      return { kind: data.notice, campaignId: data.campaignId, decidedOn: data.sentOn, deadline: data.deadline };
    }
    default:
      return undefined;
  }
}

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
