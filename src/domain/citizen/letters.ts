import type { CampaignKind } from '../campaign/events';
import { IsoDate } from '../dates';
import { CitizenEvent } from './events';
import { CitizenState, NemIdHolder, isHolding } from './state';

/** Letters the delivery sends: the update-info letters and the notices around the deadline. */
export const LETTER_EVENT_TYPES = ['UpdateInfoLetterSent', 'NoticeSent'] as const;

export interface LetterFacts {
  kind: CampaignKind;
  campaignId: string;
  decidedOn: IsoDate;
  /** Notices: the deadline they name. */
  deadline?: IsoDate;
}

/** What a letter event says about its letter; undefined for any other event. */
export function letterFactsOf(event: CitizenEvent): LetterFacts | undefined {
  switch (event.type) {
    case 'UpdateInfoLetterSent':
      return { kind: 'update-info-letter', campaignId: event.data.campaignId, decidedOn: event.data.sentOn };
    case 'NoticeSent':
      return { kind: event.data.notice, campaignId: event.data.campaignId, decidedOn: event.data.sentOn, deadline: event.data.deadline };
    default:
      return undefined;
  }
}

/** Whether a campaign's letter to this citizen needs nothing more: delivered, given up on, or no holder to send to (none, or forgotten). */
export function letterSettled(state: CitizenState, campaignId: string): boolean {
  return !isHolding(state) || state.holder.deliveries[campaignId] !== undefined;
}

/** How many letters a holder has been sent: the state keeps one entry for each letter event, update-info letters and notices alike. */
export function lettersSentTo(holder: NemIdHolder): number {
  return holder.updateInfoLettersSent.length + holder.notices.length;
}
