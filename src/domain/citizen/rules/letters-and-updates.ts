import { danishDateOf } from '../../dates';
import { RuleViolated } from '../../errors';
import type { NoticeKind } from '../../campaign/events';
import { CAMPAIGN_KIND_NAMES } from '../../campaign/names';
import type { RecordPersonalInfoUpdated, SendNotice, SendUpdateInfoLetter } from '../commands';
import type { CitizenEvent, RetirementReason } from '../events';
import { checkIdentification } from '../identification';
import type { CitizenState } from '../state';
import { alreadyRetired, mitIdCreated, requireActiveNemId, requireHolder } from './holding';

/** The letters a holder is sent (update your information, the notices around the deadline) and the update itself. */

/**
 * The rules whose refusal means "this citizen needs no such letter": a campaign counts them as skipped,
 * per rule. Any other refusal of a letter is not expected of a campaign's cohort, and counts as undecided.
 */
export const NO_LETTER_NEEDED_RULES: ReadonlySet<string> = new Set([
  'nemid-retired',
  'letter-only-to-those-who-must-update',
  'no-letter-after-update',
  'update-info-only-while-self-service-open',
  'notice-once-per-citizen',
  'reminders-only-without-mitid',
  'no-danish-passport-keeps-nemid',
  'keep-nemid-only-without-mitid',
  'keep-nemid-only-without-danish-passport',
  'migrated-needs-mitid',
  'nemid-already-retired',
]);

/** The NemID code app can read Danish chip passports issued from this date on. */
export const CODE_APP_PASSPORT_ISSUED_FROM = '2012-01-01';

export function sendUpdateInfoLetter(command: SendUpdateInfoLetter, state: CitizenState): CitizenEvent[] {
  const holder = requireActiveNemId(state);
  if (holder.updateInfoLettersSent.some((l) => l.campaignId === command.data.campaignId)) return [];
  if (holder.infoUpdatedOn !== undefined) {
    throw new RuleViolated('no-letter-after-update', {
      da: `personoplysningerne blev allerede opdateret ${holder.infoUpdatedOn}`,
      en: `personal information was already updated on ${holder.infoUpdatedOn}`,
    });
  }
  if (!holder.profile.needsInfoUpdate) {
    throw new RuleViolated('letter-only-to-those-who-must-update', {
      da: 'indehaveren skal ikke opdatere sine personoplysninger',
      en: 'this holder does not need to update personal information',
    });
  }
  // update-info-only-while-self-service-open: the update is made in NemID's self-service, which must still be there.
  const { publicSelfServiceEnd } = command.metadata.schedule;
  if (danishDateOf(command.metadata.now) > publicSelfServiceEnd) {
    throw new RuleViolated('update-info-only-while-self-service-open', {
      da: `NemID's selvbetjening lukkede efter ${publicSelfServiceEnd}: der sendes ikke brev om at opdatere oplysninger`,
      en: `NemID public self-service closed after ${publicSelfServiceEnd}: no update-info letter is sent`,
    });
  }
  return [{ type: 'UpdateInfoLetterSent', data: { campaignId: command.data.campaignId, sentOn: danishDateOf(command.metadata.now) } }];
}

export function recordPersonalInfoUpdated(command: RecordPersonalInfoUpdated, state: CitizenState): CitizenEvent[] {
  const holder = requireActiveNemId(state);
  const today = danishDateOf(command.metadata.now);
  const { data } = command;
  if (data.channel === 'code-app') {
    if (!holder.codeAppActive) {
      throw new RuleViolated('code-app-update-needs-code-app', {
        da: 'NemID nøgleappen skal være aktiveret for at opdatere personoplysninger i den',
        en: 'the NemID code app must be activated to update personal information in it',
      });
    }
    const { passport } = data;
    if (!passport.danish || !passport.chip || passport.issuedOn < CODE_APP_PASSPORT_ISSUED_FROM) {
      throw new RuleViolated('code-app-update-needs-danish-chip-passport', {
        da: 'opdatering i nøgleappen kræver et dansk pas med chip udstedt 2012-01-01 eller senere; ellers i Borgerservice',
        en: 'updating in the code app needs a Danish chip passport issued on or after 2012-01-01; otherwise go to Citizen Service',
      });
    }
    if (!data.nfcPhone) {
      throw new RuleViolated('code-app-update-needs-nfc-phone', {
        da: 'opdatering i nøgleappen kræver en telefon med NFC (ikke en tablet)',
        en: 'updating in the code app needs a phone with NFC (not a tablet)',
      });
    }
    return [{ type: 'PersonalInfoUpdated', data: { updatedOn: today, channel: 'code-app', danishPassport: true } }];
  }
  const identification = checkIdentification(data.documents, today);
  if (!identification.ok || identification.method !== 'photo-id') {
    throw new RuleViolated(
      'info-update-needs-photo-id',
      identification.ok ? { da: 'opdateringen kræver et kontrolleret billed-ID', en: 'the update needs a verified photo ID document' } : identification.reason,
    );
  }
  const danishPassport = data.documents.some((d) => d.kind === 'passport' && d.issuingCountry === 'DK');
  return [{ type: 'PersonalInfoUpdated', data: { updatedOn: today, channel: 'citizen-service', danishPassport } }];
}

/** Notices a citizen gets at most once, whichever deadline version's campaign sends them. */
const ONCE_PER_CITIZEN: readonly NoticeKind[] = ['keep-nemid', 'nemid-retired', 'nemid-no-longer-needed', 'nemid-shutdown'];

export function sendNotice(command: SendNotice, state: CitizenState): CitizenEvent[] {
  const holding = requireHolder(state);
  const { holder } = holding;
  const { campaignId, notice, deadline } = command.data;
  if (holder.notices.some((n) => n.campaignId === campaignId)) return [];
  if (ONCE_PER_CITIZEN.includes(notice) && holder.notices.some((n) => n.notice === notice)) {
    throw new RuleViolated('notice-once-per-citizen', {
      da: `meddelelsen "${CAMPAIGN_KIND_NAMES[notice].da}" er allerede sendt`,
      en: `the "${CAMPAIGN_KIND_NAMES[notice].en}" notice was already sent`,
    });
  }
  const today = danishDateOf(command.metadata.now);
  const retired = holding.status === 'nemid-retired';
  const noticeSent: CitizenEvent = { type: 'NoticeSent', data: { campaignId, notice, sentOn: today, deadline } };
  const retire = (reason: RetirementReason): CitizenEvent[] => (retired ? [] : [{ type: 'NemIdRetired', data: { retiredOn: today, reason, campaignId } }]);
  switch (notice) {
    case 'deadline-reminder':
    case 'final-warning':
      requireActiveNemId(state);
      if (holder.mitId) throw new RuleViolated('reminders-only-without-mitid', mitIdCreated(holder.mitId.createdOn));
      if (!holder.profile.danishPassport) {
        throw new RuleViolated('no-danish-passport-keeps-nemid', {
          da: 'indehavere uden dansk pas beholder NemID og skubbes ikke til MitID',
          en: 'holders without a Danish passport keep NemID and are not pushed to MitID',
        });
      }
      return [noticeSent];
    case 'keep-nemid':
      requireActiveNemId(state);
      if (holder.mitId) throw new RuleViolated('keep-nemid-only-without-mitid', mitIdCreated(holder.mitId.createdOn));
      if (holder.profile.danishPassport) {
        throw new RuleViolated('keep-nemid-only-without-danish-passport', {
          da: 'indehavere med dansk pas skal over på MitID',
          en: 'holders with a Danish passport are moving to MitID',
        });
      }
      return [noticeSent];
    case 'nemid-retired':
    case 'nemid-no-longer-needed':
      // After the deadline, and again once MitID has fully replaced NemID: a holder with MitID no longer needs NemID.
      if (!holder.mitId)
        throw new RuleViolated('migrated-needs-mitid', {
          da: 'et NemID lukkes som overflyttet først, når indehaveren har MitID',
          en: 'a NemID is retired as migrated only once the holder has a MitID',
        });
      return [...retire('migrated'), noticeSent];
    case 'nemid-shutdown':
      if (retired) throw new RuleViolated('nemid-already-retired', alreadyRetired(holding.retired.on));
      return [...retire('nemid-shutdown'), noticeSent];
    default: {
      const exhaustive: never = notice;
      throw new Error(`unknown notice ${String(exhaustive)}`);
    }
  }
}
