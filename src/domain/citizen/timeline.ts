import type { NoticeKind } from '../campaign/events';
import { CitizenEvent, MitIdRoute, RetirementReason, ViewedRecord } from './events';

const VIEWED_RECORD_NAMES: Record<ViewedRecord, string> = { status: 'Status', timeline: 'Timeline', letter: 'A letter' };

const MITID_ROUTES: Record<MitIdRoute, string> = {
  bank: 'in the bank',
  'mitid-dk': 'on MitID.dk',
  'citizen-service': 'at Citizen Service',
  'app-passport-scan': 'by passport scan in the MitID app',
};

const RETIREMENT_REASONS: Record<RetirementReason, string> = {
  migrated: 'the holder has moved to MitID',
  'deadline-passed': 'the transition deadline has passed',
  'nemid-shutdown': 'NemID has been shut down',
};

const NOTICES: Record<NoticeKind, string> = {
  'deadline-reminder': 'reminder to move to MitID before the deadline',
  'final-warning': 'final warning before the deadline',
  'keep-nemid': 'keep NemID for now (no Danish passport)',
  'nemid-retired': 'NemID retired, use MitID',
  'nemid-no-longer-needed': 'NemID no longer needed',
  'nemid-shutdown': 'NemID shut down',
};

/** One line a support agent can read; never contains personal data. */
export function summarize(event: CitizenEvent): string {
  switch (event.type) {
    case 'NemIdIssued': {
      const { identification, identityConfirmedBy, authenticator } = event.data;
      return `NemID issued (${identification === 'photo-id' ? 'photo ID' : 'two IDs without photo'}, identity confirmed by ${identityConfirmedBy.replace(/-/g, ' ')}); authenticator: ${authenticator.replace(/-/g, ' ')}`;
    }
    case 'NemIdImported': {
      const { issuedOn, authenticator, source } = event.data;
      return `NemID (issued ${issuedOn}) imported from the NemID register (import ${source.importId}, line ${source.line}); authenticator: ${authenticator.replace(/-/g, ' ')}`;
    }
    case 'DeliveryAddressRegistered':
      return 'Delivery address registered';
    case 'CodeCardOrdered':
      return `${event.data.largeFont ? 'Large-font code card' : 'Code card'} ordered, sent to the ${event.data.deliverTo.replace(/-/g, ' ')}`;
    case 'CodeAppActivated':
      return `Code app activated (${event.data.codesLeftOnCard} codes were left on the code card)`;
    case 'TemporaryPasswordOrdered':
      return `Temporary password ordered; arrives by post by ${event.data.latestDeliveryDate}`;
    case 'UpdateInfoLetterSent':
      return `Letter asking to update personal information sent (campaign ${event.data.campaignId})`;
    case 'PersonalInfoUpdated':
      return `Personal information updated ${event.data.channel === 'code-app' ? 'in the NemID code app' : 'at Citizen Service'}`;
    case 'MitIdCreated':
      return `MitID created ${MITID_ROUTES[event.data.route]}`;
    case 'NemIdRetired':
      return `NemID retired: ${RETIREMENT_REASONS[event.data.reason]}${event.data.campaignId ? ` (campaign ${event.data.campaignId})` : ''}`;
    case 'NoticeSent':
      return `Notice sent: ${NOTICES[event.data.notice]} (deadline ${event.data.deadline}, campaign ${event.data.campaignId})`;
    case 'DigitalPostDelivered': {
      const d = event.data;
      const form = d.form === 'paper' ? 'a paper letter' : 'Digital Post';
      return `Letter delivered as ${form}${d.largePrint ? ' in large print' : ''} (campaign ${d.campaignId}, message ${d.messageUUID})`;
    }
    case 'DigitalPostDeliveryFailed': {
      const d = event.data;
      return `Letter delivery attempt ${d.attempt} failed: ${d.reason}${d.final ? '; gave up' : '; retrying'} (campaign ${d.campaignId})`;
    }
    case 'TimelineViewed':
      return `${VIEWED_RECORD_NAMES[event.data.view]} opened by ${event.data.viewedBy.role} ${event.data.viewedBy.subject}: ${event.data.reason}`;
    default: {
      const exhaustive: never = event;
      return String((exhaustive as { type: string }).type);
    }
  }
}
