import { IsoDate, addMonths, ageOn, daysBetween } from '../dates';
import type { Text } from '../text';

/**
 * The identification rules of Copenhagen Citizen Service (docs/sources/copenhagen-citizen-service-nemid.txt):
 * EITHER one photo ID OR two IDs without photo, plus a witness when security questions
 * cannot confirm someone who has lived in Denmark under two years.
 */

export const PHOTO_ID_KINDS = [
  'driving-licence',
  'digital-driving-licence',
  'danish-moped-licence',
  'passport',
  'nato-passport',
  'danish-military-id',
  'danish-police-id',
  'danish-residence-permit',
  'danish-bank-id-card',
  'national-id-card',
] as const;

export const NON_PHOTO_ID_KINDS = ['person-certificate', 'health-insurance-card', 'tax-assessment-notice', 'social-benefit-documentation'] as const;

export type PhotoIdKind = (typeof PHOTO_ID_KINDS)[number];
export type NonPhotoIdKind = (typeof NON_PHOTO_ID_KINDS)[number];
export type IdDocumentKind = PhotoIdKind | NonPhotoIdKind;

export interface IdDocument {
  kind: IdDocumentKind;
  /** Whether the CPR number is printed on the document. */
  showsCpr: boolean;
  /** ISO 3166 alpha-2 country that issued it (driving licences, passports, national ID cards). */
  issuingCountry?: string;
  /** Passports: provisional passports are not accepted. */
  provisional?: boolean;
  /** Health insurance cards: temporary cards are not accepted. */
  temporary?: boolean;
  /** National ID cards: must be usable as a travel document in the Schengen states. */
  schengenTravelDocument?: boolean;
  /** Social-benefit documentation: at most 3 months old on the issue date. */
  issuedOn?: IsoDate;
}

/** EU and EEA member states, plus Greenland and the Faroe Islands, for driving licences. */
const EU_EEA_GL_FO = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
  'GL',
  'FO',
]);

export function isPhotoId(document: IdDocument): boolean {
  return (PHOTO_ID_KINDS as readonly string[]).includes(document.kind);
}

export type IdentificationOutcome = { ok: true; method: 'photo-id' | 'two-non-photo-ids' } | { ok: false; reason: Text };

/** Why a photo ID cannot be used on its own, or undefined when it is an acceptable kind. */
function photoIdProblem(document: IdDocument): Text | undefined {
  switch (document.kind) {
    case 'driving-licence':
      return document.issuingCountry && EU_EEA_GL_FO.has(document.issuingCountry)
        ? undefined
        : {
            da: 'et kørekort skal være udstedt i et EU/EØS-land, Grønland eller på Færøerne',
            en: 'a driving licence must be issued in an EU/EEA country, Greenland or the Faroe Islands',
          };
    case 'passport':
      return document.provisional ? { da: 'et provisorisk pas godkendes ikke', en: 'a provisional passport is not accepted' } : undefined;
    case 'national-id-card':
      return document.schengenTravelDocument
        ? undefined
        : {
            da: 'et nationalt ID-kort skal kunne bruges som rejsedokument i Schengenlandene',
            en: 'a national ID card must be usable as a travel document in the Schengen states',
          };
    default:
      return undefined;
  }
}

function needsYellowHealthCard(document: IdDocument): boolean {
  return (document.kind === 'driving-licence' || document.kind === 'passport') && document.issuingCountry !== 'DK';
}

function isAcceptedHealthInsuranceCard(document: IdDocument): boolean {
  return document.kind === 'health-insurance-card' && !document.temporary;
}

function photoIdRule(photoId: IdDocument, documents: IdDocument[]): IdentificationOutcome {
  const problem = photoIdProblem(photoId);
  if (problem) return { ok: false, reason: problem };
  const others = documents.filter((d) => d !== photoId);
  if (needsYellowHealthCard(photoId) && !others.some(isAcceptedHealthInsuranceCard)) {
    return {
      ok: false,
      reason: {
        da: 'et kørekort eller pas, der ikke er dansk, skal ledsages af det gule sundhedskort',
        en: 'a driving licence or passport that is not Danish must be accompanied by the yellow health card',
      },
    };
  }
  if (!photoId.showsCpr && !others.some((d) => d.showsCpr)) {
    return {
      ok: false,
      reason: {
        da: 'billed-ID’et viser ikke CPR-nummeret, så et dokument, der gør, skal også vises',
        en: 'the photo ID does not show the CPR number, so a document that does must be presented too',
      },
    };
  }
  return { ok: true, method: 'photo-id' };
}

function counts(document: IdDocument, issuedOn: IsoDate): boolean {
  if (document.kind === 'health-insurance-card') return !document.temporary;
  if (document.kind === 'social-benefit-documentation') {
    return document.issuedOn !== undefined && document.issuedOn >= addMonths(issuedOn, -3) && document.issuedOn <= issuedOn;
  }
  return true;
}

function twoNonPhotoIdsRule(documents: IdDocument[], issuedOn: IsoDate): IdentificationOutcome {
  const usable = documents.filter((d) => !isPhotoId(d) && counts(d, issuedOn));
  if (usable.length < 2) {
    return {
      ok: false,
      reason: {
        da: 'medbring ét billed-ID eller to ID uden billede (sundhedskort, der ikke er midlertidige, og papirer om sociale ydelser højst 3 måneder gamle)',
        en: 'bring one photo ID, or two IDs without photo (non-temporary health insurance cards and social-benefit papers at most 3 months old)',
      },
    };
  }
  if (!usable.some((d) => d.kind === 'person-certificate' || d.kind === 'health-insurance-card')) {
    return {
      ok: false,
      reason: {
        da: 'et af to ID uden billede skal være en dåbs-, navne- eller personattest eller et sundhedskort',
        en: 'one of two IDs without photo must be a baptism, name or person certificate, or a health insurance card',
      },
    };
  }
  if (!usable.some((d) => d.showsCpr)) {
    return {
      ok: false,
      reason: { da: 'mindst et af to ID uden billede skal vise CPR-nummeret', en: 'at least one of two IDs without photo must show the CPR number' },
    };
  }
  return { ok: true, method: 'two-non-photo-ids' };
}

/** Tries every photo ID presented first, then the two-non-photo-ID rule; reports the most specific reason. */
export function checkIdentification(documents: IdDocument[], issuedOn: IsoDate): IdentificationOutcome {
  const photoIds = documents.filter(isPhotoId);
  const photoOutcomes = photoIds.map((p) => photoIdRule(p, documents));
  const accepted = photoOutcomes.find((o) => o.ok);
  if (accepted) return accepted;
  const twoIds = twoNonPhotoIdsRule(documents, issuedOn);
  if (twoIds.ok || photoOutcomes.length === 0) return twoIds;
  return photoOutcomes[0];
}

export const PROFESSIONAL_WITNESS_KINDS = ['social-worker', 'social-mediator', 'probation-service-employee', 'job-consultant', 'police-officer'] as const;
export type ProfessionalWitnessKind = (typeof PROFESSIONAL_WITNESS_KINDS)[number];

export type Witness =
  | {
      kind: 'private';
      dateOfBirth: IsoDate;
      hasDanishCprNumber: boolean;
      hasValidPhotoId: boolean;
      hasNemId: boolean;
      /** When the witness's MitID was created, if they rely on MitID. */
      mitIdCreatedOn?: IsoDate;
    }
  | {
      kind: 'professional';
      profession: ProfessionalWitnessKind;
      hasMitId: boolean;
      hasEmployeeId: boolean;
      employerCvr: string;
    };

export const WITNESS_MITID_MIN_AGE_DAYS = 10;

/** Returns why the witness cannot testify, or undefined when they can. */
export function witnessProblem(witness: Witness, on: IsoDate): Text | undefined {
  if (witness.kind === 'professional') {
    if (!(PROFESSIONAL_WITNESS_KINDS as readonly string[]).includes(witness.profession)) {
      return {
        da: `et professionelt vidne skal være en af: ${PROFESSIONAL_WITNESS_KINDS.join(', ')}`,
        en: `a professional witness must be one of: ${PROFESSIONAL_WITNESS_KINDS.join(', ')}`,
      };
    }
    if (!witness.hasMitId || !witness.hasEmployeeId || !/^\d{8}$/.test(witness.employerCvr)) {
      return {
        da: 'et professionelt vidne skal medbringe MitID, medarbejder-ID og arbejdsgiverens CVR-nummer',
        en: "a professional witness must bring MitID, employee ID and the employer's CVR number",
      };
    }
    return undefined;
  }
  if (ageOn(witness.dateOfBirth, on) < 18) return { da: 'et vidne skal være fyldt 18 år', en: 'a witness must be 18 or older' };
  if (!witness.hasDanishCprNumber) return { da: 'et vidne skal have et dansk CPR-nummer', en: 'a witness must have a Danish CPR number' };
  if (!witness.hasValidPhotoId) return { da: 'et vidne skal medbringe sit eget gyldige billed-ID', en: 'a witness must bring a valid photo ID of their own' };
  const mitIdOldEnough = witness.mitIdCreatedOn !== undefined && daysBetween(witness.mitIdCreatedOn, on) >= WITNESS_MITID_MIN_AGE_DAYS;
  if (witness.hasNemId || mitIdOldEnough) return undefined;
  if (witness.mitIdCreatedOn !== undefined)
    return { da: 'et vidnes MitID skal være oprettet mindst 10 dage i forvejen', en: "a witness's MitID must have been created at least 10 days in advance" };
  return { da: 'et vidne skal medbringe sit NemID eller MitID', en: 'a witness must bring their NemID or MitID' };
}
