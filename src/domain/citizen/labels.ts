import type { Text } from '../text';
import type { CitizenState } from './state';
import type { IdDocumentKind, ProfessionalWitnessKind } from './identification';
import type {
  Authenticator,
  CitizenEventType,
  Delivery,
  IdentificationMethod,
  IdentityConfirmation,
  InfoUpdateChannel,
  MitIdRoute,
  ErasureBasis,
  RetirementReason,
  ViewedRecord,
  VisualImpairment,
} from './events';

/** Staff say why they open a record, in at least this many characters: the citizen reads it in their access log. */
export const ACCESS_REASON_MIN_LENGTH = 10;
export const ACCESS_REASON_TOO_SHORT: Text = {
  da: `skriv, hvorfor oplysningerne åbnes (mindst ${ACCESS_REASON_MIN_LENGTH} tegn); borgeren kan læse det`,
  en: `say why the record is opened (at least ${ACCESS_REASON_MIN_LENGTH} characters); the citizen can read it`,
};

/** A citizen id, or a CPR number, that leads to no NemID holder. */
export const NO_NEMID_HOLDER: Text = { da: 'der er ingen NemID-indehaver med dette id', en: 'no NemID holder with this id' };
/** Said of a forgotten citizen wherever they are asked for, and no more: not when, not why, not who they were. */
export const CITIZEN_FORGOTTEN: Text = {
  da: 'borgerens personoplysninger er slettet, og de kan ikke læses mere',
  en: "this citizen's personal data has been erased and can no longer be read",
};
export const NO_NEMID_HOLDER_WITH_CPR: Text = { da: 'der er ingen NemID-indehaver med dette CPR-nummer', en: 'no NemID holder with this CPR number' };

/**
 * The names a person reads for the values of a citizen's events, in both languages: the timeline, the rules'
 * refusals, the pages and the letters all take them from here.
 */
export const STATUS_NAMES: Record<CitizenState['status'], Text> = {
  'no-nemid': { da: 'Intet NemID', en: 'No NemID' },
  forgotten: { da: 'Personoplysninger slettet', en: 'Personal data erased' },
  'nemid-active': { da: 'Har NemID', en: 'Has NemID' },
  'letter-sent': { da: 'Brev sendt', en: 'Letter sent' },
  'info-updated': { da: 'Oplysninger opdateret', en: 'Information updated' },
  'mitid-created': { da: 'Har MitID', en: 'Has MitID' },
  'nemid-retired': { da: 'NemID lukket', en: 'NemID closed' },
};

export const VISUAL_IMPAIRMENT_NAMES: Record<VisualImpairment, Text> = {
  none: { da: 'ingen', en: 'none' },
  'partially-sighted': { da: 'delvist seende', en: 'partially sighted' },
  blind: { da: 'blind', en: 'blind' },
};

export const AUTHENTICATOR_NAMES: Record<Authenticator, Text> = {
  'code-card': { da: 'nøglekort', en: 'code card' },
  'large-font-code-card': { da: 'nøglekort med stor skrift', en: 'large-font code card' },
  'voice-response': { da: 'talende nøgleviser', en: 'voice response' },
  'code-app': { da: 'nøgleapp', en: 'code app' },
  'key-fob': { da: 'nøgleviser', en: 'key fob' },
};

export const IDENTIFICATION_NAMES: Record<IdentificationMethod, Text> = {
  'photo-id': { da: 'billed-ID', en: 'photo ID' },
  'two-non-photo-ids': { da: 'to ID uden billede', en: 'two IDs without photo' },
};

export const IDENTITY_CONFIRMATION_NAMES: Record<IdentityConfirmation, Text> = {
  'security-questions': { da: 'kontrolspørgsmål', en: 'security questions' },
  witness: { da: 'vidne', en: 'witness' },
  'professional-witness': { da: 'professionelt vidne', en: 'professional witness' },
};

export const DELIVERY_NAMES: Record<Delivery, Text> = {
  'registered-address': { da: 'folkeregisteradressen', en: 'the registered address' },
  'delivery-address': { da: 'leveringsadressen', en: 'the delivery address' },
};

export const MITID_ROUTE_NAMES: Record<MitIdRoute, Text> = {
  bank: { da: 'i banken', en: 'in the bank' },
  'mitid-dk': { da: 'på MitID.dk', en: 'on MitID.dk' },
  'citizen-service': { da: 'i Borgerservice', en: 'at Citizen Service' },
  'app-passport-scan': { da: 'ved scanning af pas i MitID-appen', en: 'by passport scan in the MitID app' },
};

export const RETIREMENT_REASON_NAMES: Record<RetirementReason, Text> = {
  migrated: { da: 'borgeren er flyttet til MitID', en: 'the holder has moved to MitID' },
  'deadline-passed': { da: 'fristen for overgangen er overskredet', en: 'the transition deadline has passed' },
  'nemid-shutdown': { da: 'NemID er lukket ned', en: 'NemID has been shut down' },
};

/**
 * What each kind of event was, and no more: a forgotten life's timeline shows these with their dates (the lines of
 * `summarize` name the holder's facts, which went with the keys).
 */
export const EVENT_KIND_NAMES: Record<CitizenEventType, Text> = {
  NemIdIssued: { da: 'NemID udstedt', en: 'NemID issued' },
  NemIdImported: { da: 'NemID indlæst fra NemID-registret', en: 'NemID imported from the NemID register' },
  DeliveryAddressRegistered: { da: 'Leveringsadresse registreret', en: 'Delivery address registered' },
  CodeCardOrdered: { da: 'Nøglekort bestilt', en: 'Code card ordered' },
  CodeAppActivated: { da: 'Nøgleapp aktiveret', en: 'Code app activated' },
  TemporaryPasswordOrdered: { da: 'Midlertidig adgangskode bestilt', en: 'Temporary password ordered' },
  UpdateInfoLetterSent: { da: 'Brev om at opdatere personoplysninger sendt', en: 'Letter asking to update personal information sent' },
  PersonalInfoUpdated: { da: 'Personoplysninger opdateret', en: 'Personal information updated' },
  MitIdCreated: { da: 'MitID oprettet', en: 'MitID created' },
  NemIdRetired: { da: 'NemID lukket', en: 'NemID retired' },
  NoticeSent: { da: 'Meddelelse sendt', en: 'Notice sent' },
  DigitalPostDelivered: { da: 'Brevet leveret', en: 'Letter delivered' },
  DigitalPostDeliveryFailed: { da: 'Levering af brevet mislykkedes', en: 'Letter delivery failed' },
  TimelineViewed: { da: 'Oplysningerne åbnet', en: 'Record opened' },
  CitizenForgotten: { da: 'Personoplysninger slettet', en: 'Personal data erased' },
};

export const ERASURE_BASIS_NAMES: Record<ErasureBasis, Text> = {
  'retention-period-ended': { da: 'opbevaringsperioden efter NemID blev lukket er udløbet', en: 'the retention period after the NemID was retired ended' },
  'agency-decision': { da: 'Digitaliseringsstyrelsens afgørelse', en: 'a decision of the Agency for Digital Government' },
};

export const INFO_UPDATE_CHANNEL_NAMES: Record<InfoUpdateChannel, Text> = {
  'code-app': { da: 'i NemID nøgleappen', en: 'in the NemID code app' },
  'citizen-service': { da: 'i Borgerservice', en: 'at Citizen Service' },
};

export const VIEWED_RECORD_NAMES: Record<ViewedRecord, Text> = {
  record: { da: 'Status og tidslinje', en: 'Status and timeline' },
  status: { da: 'Status', en: 'Status' },
  timeline: { da: 'Tidslinje', en: 'Timeline' },
  letter: { da: 'Et brev', en: 'A letter' },
};

/** The roles of the people and processes that record events, as the citizen and support read them. */
export const ACTOR_ROLE_NAMES: Record<string, Text> = {
  agency: { da: 'Digitaliseringsstyrelsen', en: 'the Agency for Digital Government' },
  'citizen-service': { da: 'Borgerservice', en: 'Citizen Service' },
  support: { da: 'support', en: 'support' },
  citizen: { da: 'borgeren', en: 'the citizen' },
  system: { da: 'systemet', en: 'the system' },
};

export const ID_DOCUMENT_NAMES: Record<IdDocumentKind, Text> = {
  'driving-licence': { da: 'kørekort', en: 'driving licence' },
  'digital-driving-licence': { da: 'digitalt kørekort', en: 'digital driving licence' },
  'danish-moped-licence': { da: 'dansk knallertkørekort', en: 'Danish moped licence' },
  passport: { da: 'pas', en: 'passport' },
  'nato-passport': { da: 'NATO-pas', en: 'NATO passport' },
  'danish-military-id': { da: 'dansk militært ID-kort', en: 'Danish military ID' },
  'danish-police-id': { da: 'dansk politilegitimation', en: 'Danish police ID' },
  'danish-residence-permit': { da: 'dansk opholdskort', en: 'Danish residence permit' },
  'danish-bank-id-card': { da: 'dansk ID-kort fra banken', en: 'Danish bank ID card' },
  'national-id-card': { da: 'nationalt ID-kort', en: 'national ID card' },
  'person-certificate': { da: 'dåbs-, navne- eller personattest', en: 'baptism, name or person certificate' },
  'health-insurance-card': { da: 'sundhedskort', en: 'health insurance card' },
  'tax-assessment-notice': { da: 'årsopgørelse fra SKAT', en: 'tax assessment notice' },
  'social-benefit-documentation': { da: 'papir om sociale ydelser (højst 3 måneder gammelt)', en: 'social benefit documentation (at most 3 months old)' },
};

export const PROFESSIONAL_WITNESS_NAMES: Record<ProfessionalWitnessKind, Text> = {
  'social-worker': { da: 'socialrådgiver', en: 'social worker' },
  'social-mediator': { da: 'social formidler', en: 'social mediator' },
  'probation-service-employee': { da: 'ansat i Kriminalforsorgen', en: 'probation service employee' },
  'job-consultant': { da: 'jobkonsulent', en: 'job consultant' },
  'police-officer': { da: 'politibetjent', en: 'police officer' },
};
