import { CPR_SHAPE_REFUSED, containsCprShape, cprAgeOn } from '../cpr';
import { IsoDate, addMonths, addWeekdays, danishDateOf } from '../dates';
import { InvalidCommand, NotFound, RuleViolated } from '../errors';
import type { Text } from '../text';
import {
  CitizenCommand,
  CreateMitId,
  ImportNemId,
  IssueNemId,
  RecordPersonalInfoUpdated,
  RecordTimelineView,
  RetireNemId,
  SendNotice,
  SendUpdateInfoLetter,
} from './commands';
import type { NoticeKind } from '../campaign/events';
import { Authenticator, CitizenEvent, IdentityConfirmation, RetirementReason, VisualImpairment } from './events';
import { checkIdentification, witnessProblem } from './identification';
import { CAMPAIGN_KIND_NAMES } from '../campaign/names';
import { ACCESS_REASON_MIN_LENGTH, ACCESS_REASON_TOO_SHORT, RETIREMENT_REASON_NAMES } from './labels';
import { CitizenState, NemIdHolder } from './state';

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

export const MINIMUM_NEMID_AGE = 15;
export const CODE_APP_MINIMUM_CODES_LEFT = 2;
export const TEMPORARY_PASSWORD_DELIVERY_WEEKDAYS = 4;
export const SHORT_RESIDENCE_MONTHS = 24;
/** The NemID code app can read Danish chip passports issued from this date on. */
export const CODE_APP_PASSPORT_ISSUED_FROM = '2012-01-01';

type Holding = Exclude<CitizenState, { status: 'no-nemid' }>;

const ALREADY_HAS_NEMID: Text = { da: 'borgeren har allerede et NemID', en: 'this citizen already has a NemID' };
const mitIdCreated = (on: IsoDate): Text => ({ da: `der blev oprettet MitID ${on}`, en: `a MitID was created on ${on}` });
const alreadyRetired = (on: IsoDate): Text => ({ da: `NemID blev allerede lukket ${on}`, en: `the NemID was already retired on ${on}` });

function requireHolder(state: CitizenState): Holding {
  if (state.status === 'no-nemid') throw new NotFound({ da: 'borgeren har ikke et NemID', en: 'this citizen has no NemID' });
  return state;
}

/** nemid-shut-down: after the last day NemID works at all, nothing new is set up on it. */
export function requireNemIdNotShutDown({ now, schedule }: CitizenCommand['metadata']): void {
  if (danishDateOf(now) > schedule.nemIdShutdown) {
    throw new RuleViolated('nemid-shut-down', {
      da: `NemID blev lukket ved udgangen af ${schedule.nemIdShutdown}: der kan ikke oprettes noget nyt på det`,
      en: `NemID was shut down at the end of ${schedule.nemIdShutdown}: nothing new can be set up on it`,
    });
  }
}

/** no-code-cards-after-end: no new code card or temporary password is sent after the schedule's date for it. */
function requireCodeCardsStillSent(command: CitizenCommand): void {
  const { codeCardsEnd } = command.metadata.schedule;
  if (danishDateOf(command.metadata.now) > codeCardsEnd) {
    throw new RuleViolated('no-code-cards-after-end', {
      da: `der sendes ingen nøglekort eller midlertidige adgangskoder efter ${codeCardsEnd}; borgeren skal over på MitID`,
      en: `no code cards or temporary passwords are sent after ${codeCardsEnd}; the citizen moves to MitID`,
    });
  }
}

function requireActiveNemId(state: CitizenState): NemIdHolder {
  const holding = requireHolder(state);
  if (holding.status === 'nemid-retired') {
    const why = RETIREMENT_REASON_NAMES[holding.retired.reason];
    throw new RuleViolated('nemid-retired', { da: `NemID blev lukket ${holding.retired.on} (${why.da})`, en: `the NemID was retired on ${holding.retired.on} (${why.en})` });
  }
  return holding.holder;
}

function authenticatorFor(visualImpairment: VisualImpairment): Authenticator {
  if (visualImpairment === 'blind') return 'voice-response';
  if (visualImpairment === 'partially-sighted') return 'large-font-code-card';
  return 'code-card';
}

function confirmIdentity(data: IssueNemId['data'], today: IsoDate): IdentityConfirmation {
  if (data.securityQuestions === 'passed') return 'security-questions';
  const shortResidence =
    data.livingInDenmarkSince !== undefined && addMonths(data.livingInDenmarkSince, SHORT_RESIDENCE_MONTHS) > today;
  if (!shortResidence) {
    throw new RuleViolated('security-questions-must-pass', { da: 'kontrolspørgsmålene blev ikke besvaret korrekt', en: 'the security questions were not answered correctly' });
  }
  if (!data.witness) {
    throw new RuleViolated('short-residence-needs-witness', {
      da: 'kontrolspørgsmålene slog fejl for en, der har boet i Danmark under 2 år: et vidne skal bekræfte identiteten',
      en: 'the security questions failed for someone who has lived in Denmark under 2 years: a witness must confirm the identity',
    });
  }
  const problem = witnessProblem(data.witness, today);
  if (problem) throw new RuleViolated('witness-requirements', problem);
  return data.witness.kind === 'professional' ? 'professional-witness' : 'witness';
}

function issueNemId(command: IssueNemId, state: CitizenState): CitizenEvent[] {
  const { data } = command;
  const today = danishDateOf(command.metadata.now);
  if (state.status !== 'no-nemid') throw new RuleViolated('one-nemid-per-person', ALREADY_HAS_NEMID);
  if (cprAgeOn(data.cpr, today) < MINIMUM_NEMID_AGE) {
    throw new RuleViolated('minimum-age-15', { da: 'NemID kan kun udstedes til personer, der er fyldt 15 år', en: 'a NemID can only be issued to someone aged 15 or older' });
  }
  if (data.residesAbroad && !data.danishCitizen) {
    throw new RuleViolated('abroad-only-danish-citizens', {
      da: 'uden en registreret adresse i Danmark kan kun danske statsborgere få NemID',
      en: 'without a registered address in Denmark only Danish citizens can get a NemID',
    });
  }
  const identification = checkIdentification(data.documents, today);
  if (!identification.ok) throw new RuleViolated('identification-documents', identification.reason);
  const identityConfirmedBy = confirmIdentity(data, today);
  const presentedDanishPassport = data.documents.some((d) => d.kind === 'passport' && d.issuingCountry === 'DK');
  return [
    {
      type: 'NemIdIssued',
      data: {
        protectedCpr: data.protectedCpr,
        issuedOn: today,
        identification: identification.method,
        identityConfirmedBy,
        authenticator: authenticatorFor(data.visualImpairment),
        profile: {
          // NSIS "substantial" needs a verified photo ID: a NemID issued on two non-photo IDs must be updated for MitID.
          needsInfoUpdate: identification.method === 'two-non-photo-ids',
          danishPassport: data.holdsDanishPassport ?? presentedDanishPassport,
          digitalPostExempt: data.digitalPostExempt,
          residesAbroad: data.residesAbroad,
          addressProtected: data.addressProtected,
          visualImpairment: data.visualImpairment,
        },
      },
    },
  ];
}

/**
 * A holder the NemID register already knows. The register is the record of what happened, so only what
 * cannot have happened is refused: a second NemID, one issued before the holder turned 15 or after today.
 */
function importNemId(command: ImportNemId, state: CitizenState): CitizenEvent[] {
  const { data } = command;
  const today = danishDateOf(command.metadata.now);
  if (state.status !== 'no-nemid') throw new RuleViolated('one-nemid-per-person', ALREADY_HAS_NEMID);
  if (data.issuedOn > today) {
    throw new InvalidCommand('nemIdIssuedOn', { da: `er efter i dag (${today}): NemID kan ikke være udstedt endnu`, en: `is after today (${today}): the NemID cannot have been issued yet` });
  }
  if (cprAgeOn(data.cpr, data.issuedOn) < MINIMUM_NEMID_AGE) {
    throw new RuleViolated('minimum-age-15', { da: 'indehaveren var under 15 år på udstedelsesdagen: NemID udstedes først fra 15 år', en: 'the holder was under 15 on the issue date: a NemID is only issued from age 15' });
  }
  const { protectedCpr, issuedOn, authenticator, profile, source } = data;
  return [{ type: 'NemIdImported', data: { protectedCpr, issuedOn, authenticator, profile, source } }];
}

function sendUpdateInfoLetter(command: SendUpdateInfoLetter, state: CitizenState): CitizenEvent[] {
  const holder = requireActiveNemId(state);
  if (holder.updateInfoLettersSent.some((l) => l.campaignId === command.data.campaignId)) return [];
  if (holder.infoUpdatedOn !== undefined) {
    throw new RuleViolated('no-letter-after-update', { da: `personoplysningerne blev allerede opdateret ${holder.infoUpdatedOn}`, en: `personal information was already updated on ${holder.infoUpdatedOn}` });
  }
  if (!holder.profile.needsInfoUpdate) {
    throw new RuleViolated('letter-only-to-those-who-must-update', { da: 'indehaveren skal ikke opdatere sine personoplysninger', en: 'this holder does not need to update personal information' });
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

function recordPersonalInfoUpdated(command: RecordPersonalInfoUpdated, state: CitizenState): CitizenEvent[] {
  const holder = requireActiveNemId(state);
  const today = danishDateOf(command.metadata.now);
  const { data } = command;
  if (data.channel === 'code-app') {
    if (!holder.codeAppActive) {
      throw new RuleViolated('code-app-update-needs-code-app', { da: 'NemID nøgleappen skal være aktiveret for at opdatere personoplysninger i den', en: 'the NemID code app must be activated to update personal information in it' });
    }
    const { passport } = data;
    if (!passport.danish || !passport.chip || passport.issuedOn < CODE_APP_PASSPORT_ISSUED_FROM) {
      throw new RuleViolated('code-app-update-needs-danish-chip-passport', {
        da: 'opdatering i nøgleappen kræver et dansk pas med chip udstedt 2012-01-01 eller senere; ellers i Borgerservice',
        en: 'updating in the code app needs a Danish chip passport issued on or after 2012-01-01; otherwise go to Citizen Service',
      });
    }
    if (!data.nfcPhone) {
      throw new RuleViolated('code-app-update-needs-nfc-phone', { da: 'opdatering i nøgleappen kræver en telefon med NFC (ikke en tablet)', en: 'updating in the code app needs a phone with NFC (not a tablet)' });
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

function sendNotice(command: SendNotice, state: CitizenState): CitizenEvent[] {
  const holding = requireHolder(state);
  const { holder } = holding;
  const { campaignId, notice, deadline } = command.data;
  if (holder.notices.some((n) => n.campaignId === campaignId)) return [];
  if (ONCE_PER_CITIZEN.includes(notice) && holder.notices.some((n) => n.notice === notice)) {
    throw new RuleViolated('notice-once-per-citizen', { da: `meddelelsen "${CAMPAIGN_KIND_NAMES[notice].da}" er allerede sendt`, en: `the "${CAMPAIGN_KIND_NAMES[notice].en}" notice was already sent` });
  }
  const today = danishDateOf(command.metadata.now);
  const retired = holding.status === 'nemid-retired';
  const noticeSent: CitizenEvent = { type: 'NoticeSent', data: { campaignId, notice, sentOn: today, deadline } };
  const retire = (reason: RetirementReason): CitizenEvent[] =>
    retired ? [] : [{ type: 'NemIdRetired', data: { retiredOn: today, reason, campaignId } }];
  switch (notice) {
    case 'deadline-reminder':
    case 'final-warning':
      requireActiveNemId(state);
      if (holder.mitId) throw new RuleViolated('reminders-only-without-mitid', mitIdCreated(holder.mitId.createdOn));
      if (!holder.profile.danishPassport) {
        throw new RuleViolated('no-danish-passport-keeps-nemid', { da: 'indehavere uden dansk pas beholder NemID og skubbes ikke til MitID', en: 'holders without a Danish passport keep NemID and are not pushed to MitID' });
      }
      return [noticeSent];
    case 'keep-nemid':
      requireActiveNemId(state);
      if (holder.mitId) throw new RuleViolated('keep-nemid-only-without-mitid', mitIdCreated(holder.mitId.createdOn));
      if (holder.profile.danishPassport) {
        throw new RuleViolated('keep-nemid-only-without-danish-passport', { da: 'indehavere med dansk pas skal over på MitID', en: 'holders with a Danish passport are moving to MitID' });
      }
      return [noticeSent];
    case 'nemid-retired':
    case 'nemid-no-longer-needed':
      // After the deadline, and again once MitID has fully replaced NemID: a holder with MitID no longer needs NemID.
      if (!holder.mitId) throw new RuleViolated('migrated-needs-mitid', { da: 'et NemID lukkes som overflyttet først, når indehaveren har MitID', en: 'a NemID is retired as migrated only once the holder has a MitID' });
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

function createMitId(command: CreateMitId, state: CitizenState): CitizenEvent[] {
  const { holder } = requireHolder(state);
  if (holder.mitId) throw new RuleViolated('one-mitid-per-person', { da: `der blev allerede oprettet MitID ${holder.mitId.createdOn}`, en: `a MitID was already created on ${holder.mitId.createdOn}` });
  if (holder.profile.needsInfoUpdate && command.data.route !== 'citizen-service') {
    throw new RuleViolated('pending-info-update-only-at-citizen-service', {
      da: 'indehaveren skal stadig opdatere sine personoplysninger, så MitID kan kun oprettes i Borgerservice',
      en: 'this holder must still update personal information, so MitID can only be created at Citizen Service',
    });
  }
  return [{ type: 'MitIdCreated', data: { createdOn: danishDateOf(command.metadata.now), route: command.data.route } }];
}

function retireNemId(command: RetireNemId, state: CitizenState): CitizenEvent[] {
  const holding = requireHolder(state);
  if (holding.status === 'nemid-retired') {
    throw new RuleViolated('nemid-already-retired', alreadyRetired(holding.retired.on));
  }
  const { holder } = holding;
  if (command.data.reason === 'migrated' && !holder.mitId) {
    throw new RuleViolated('migrated-needs-mitid', { da: 'et NemID kan først lukkes som overflyttet, når indehaveren har MitID', en: 'a NemID can only be retired as migrated once the holder has a MitID' });
  }
  if (command.data.reason === 'deadline-passed' && !holder.mitId && !holder.profile.danishPassport) {
    throw new RuleViolated('no-danish-passport-keeps-nemid', {
      da: 'en indehaver uden dansk pas og uden MitID beholder NemID efter fristen',
      en: 'a holder without a Danish passport and without MitID keeps NemID after the deadline',
    });
  }
  return [{ type: 'NemIdRetired', data: { retiredOn: danishDateOf(command.metadata.now), reason: command.data.reason } }];
}

/**
 * Staff say why they open a record (the citizen reads it in their access log), and the reason is
 * kept for as long as the stream: a CPR number written into it would leak into the log it protects.
 */
function recordTimelineView(command: RecordTimelineView, state: CitizenState): CitizenEvent[] {
  requireHolder(state);
  const reason = command.data.reason.trim();
  if (reason.length < ACCESS_REASON_MIN_LENGTH) {
    throw new InvalidCommand('reason', ACCESS_REASON_TOO_SHORT);
  }
  if (containsCprShape(reason)) throw new InvalidCommand('reason', CPR_SHAPE_REFUSED);
  const { view, viewer } = command.data;
  return [{ type: 'TimelineViewed', data: { view, reason, viewedBy: viewer, viewedAt: command.metadata.now.toISOString() } }];
}

export function decide(command: CitizenCommand, state: CitizenState): CitizenEvent[] {
  const today = danishDateOf(command.metadata.now);
  switch (command.type) {
    case 'IssueNemId':
      requireNemIdNotShutDown(command.metadata);
      return issueNemId(command, state);
    case 'ImportNemId':
      requireNemIdNotShutDown(command.metadata);
      return importNemId(command, state);
    case 'RegisterDeliveryAddress':
      requireNemIdNotShutDown(command.metadata);
      requireActiveNemId(state);
      return [{ type: 'DeliveryAddressRegistered', data: { protectedAddress: command.data.protectedAddress, registeredOn: today } }];
    case 'OrderCodeCard': {
      const holder = requireActiveNemId(state);
      requireCodeCardsStillSent(command);
      if (holder.profile.addressProtected && !holder.deliveryAddressRegistered) {
        throw new RuleViolated('address-protection-needs-delivery-address', {
          da: 'adressen er beskyttet: registrér en leveringsadresse, før der bestilles et nøglekort',
          en: 'the address is protected: register a delivery address before ordering a code card',
        });
      }
      return [
        {
          type: 'CodeCardOrdered',
          data: {
            orderedOn: today,
            largeFont: holder.profile.visualImpairment === 'partially-sighted',
            deliverTo: holder.deliveryAddressRegistered ? 'delivery-address' : 'registered-address',
          },
        },
      ];
    }
    case 'ActivateCodeApp': {
      requireNemIdNotShutDown(command.metadata);
      requireActiveNemId(state);
      if (command.data.codesLeftOnCard < CODE_APP_MINIMUM_CODES_LEFT) {
        throw new RuleViolated('code-app-needs-two-codes-left', { da: 'der skal være mindst to ubrugte koder tilbage på nøglekortet', en: 'at least two unused codes must be left on the code card' });
      }
      return [{ type: 'CodeAppActivated', data: { activatedOn: today, codesLeftOnCard: command.data.codesLeftOnCard } }];
    }
    case 'OrderTemporaryPassword': {
      const holder = requireActiveNemId(state);
      requireCodeCardsStillSent(command);
      return [
        {
          type: 'TemporaryPasswordOrdered',
          data: {
            orderedOn: today,
            latestDeliveryDate: addWeekdays(today, TEMPORARY_PASSWORD_DELIVERY_WEEKDAYS),
            deliverTo: holder.deliveryAddressRegistered ? 'delivery-address' : 'registered-address',
          },
        },
      ];
    }
    case 'SendUpdateInfoLetter':
      return sendUpdateInfoLetter(command, state);
    case 'SendNotice':
      return sendNotice(command, state);
    case 'RecordPersonalInfoUpdated':
      return recordPersonalInfoUpdated(command, state);
    case 'CreateMitId':
      return createMitId(command, state);
    case 'RetireNemId':
      return retireNemId(command, state);
    case 'RecordTimelineView':
      return recordTimelineView(command, state);
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${(exhaustive as { type: string }).type}`);
    }
  }
}
