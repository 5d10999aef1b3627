import { cprAgeOn } from '../../cpr';
import { IsoDate, addMonths, danishDateOf } from '../../dates';
import { InvalidCommand, RuleViolated } from '../../errors';
import type { ImportNemId, IssueNemId } from '../commands';
import type { Authenticator, CitizenEvent, IdentityConfirmation, VisualImpairment } from '../events';
import { checkIdentification, witnessProblem } from '../identification';
import type { CitizenState } from '../state';
import { ALREADY_HAS_NEMID } from './holding';

/** Issuing a NemID at the desk, and taking in the holders the NemID register already knows. */

export const MINIMUM_NEMID_AGE = 15;
export const SHORT_RESIDENCE_MONTHS = 24;

function authenticatorFor(visualImpairment: VisualImpairment): Authenticator {
  if (visualImpairment === 'blind') return 'voice-response';
  if (visualImpairment === 'partially-sighted') return 'large-font-code-card';
  return 'code-card';
}

function confirmIdentity(data: IssueNemId['data'], today: IsoDate): IdentityConfirmation {
  if (data.securityQuestions === 'passed') return 'security-questions';
  const shortResidence = data.livingInDenmarkSince !== undefined && addMonths(data.livingInDenmarkSince, SHORT_RESIDENCE_MONTHS) > today;
  if (!shortResidence) {
    throw new RuleViolated('security-questions-must-pass', {
      da: 'kontrolspørgsmålene blev ikke besvaret korrekt',
      en: 'the security questions were not answered correctly',
    });
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

export function issueNemId(command: IssueNemId, state: CitizenState): CitizenEvent[] {
  const { data } = command;
  const today = danishDateOf(command.metadata.now);
  // A forgotten holder starts a new life: one NemID per person at a time.
  if (state.status !== 'no-nemid' && state.status !== 'forgotten') throw new RuleViolated('one-nemid-per-person', ALREADY_HAS_NEMID);
  if (cprAgeOn(data.cpr, today) < MINIMUM_NEMID_AGE) {
    throw new RuleViolated('minimum-age-15', {
      da: 'NemID kan kun udstedes til personer, der er fyldt 15 år',
      en: 'a NemID can only be issued to someone aged 15 or older',
    });
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
export function importNemId(command: ImportNemId, state: CitizenState): CitizenEvent[] {
  const { data } = command;
  const today = danishDateOf(command.metadata.now);
  // A forgotten holder starts a new life: one NemID per person at a time.
  if (state.status !== 'no-nemid' && state.status !== 'forgotten') throw new RuleViolated('one-nemid-per-person', ALREADY_HAS_NEMID);
  if (data.issuedOn > today) {
    throw new InvalidCommand('nemIdIssuedOn', {
      da: `er efter i dag (${today}): NemID kan ikke være udstedt endnu`,
      en: `is after today (${today}): the NemID cannot have been issued yet`,
    });
  }
  if (cprAgeOn(data.cpr, data.issuedOn) < MINIMUM_NEMID_AGE) {
    throw new RuleViolated('minimum-age-15', {
      da: 'indehaveren var under 15 år på udstedelsesdagen: NemID udstedes først fra 15 år',
      en: 'the holder was under 15 on the issue date: a NemID is only issued from age 15',
    });
  }
  const { protectedCpr, issuedOn, authenticator, profile, source } = data;
  return [{ type: 'NemIdImported', data: { protectedCpr, issuedOn, authenticator, profile, source } }];
}
