import { storedEventsOf } from '../stored-events';
import type { LetterForm } from '../notices/form';
import type { NoticeKind } from '../campaign/events';
import { IsoDate } from '../dates';

/** What the rules later need to know about a holder, recorded when the NemID is issued. */
export interface CitizenProfile {
  /** The NemID registration does not meet NSIS "substantial": the holder must update personal info before MitID. */
  needsInfoUpdate: boolean;
  danishPassport: boolean;
  digitalPostExempt: boolean;
  residesAbroad: boolean;
  addressProtected: boolean;
  visualImpairment: VisualImpairment;
  /**
   * Holds a Danish chip passport issued on or after 2012-01-01, which the NemID code app can read to update
   * personal information. Known for holders imported from the register; absent when issued at the desk.
   */
  chipPassportFrom2012?: boolean;
}

export type VisualImpairment = 'none' | 'partially-sighted' | 'blind';
/** How one-time codes reach the holder: the desk issues the first three; the register also knows the code app and key fob. */
export type Authenticator = 'code-card' | 'large-font-code-card' | 'voice-response' | 'code-app' | 'key-fob';
/** Where an imported holder came from: the NemID register file of one import, at one line. */
export interface RegisterSource {
  register: 'nemid';
  importId: string;
  line: number;
}
export type IdentificationMethod = 'photo-id' | 'two-non-photo-ids';
export type IdentityConfirmation = 'security-questions' | 'witness' | 'professional-witness';
export type Delivery = 'registered-address' | 'delivery-address';
export type MitIdRoute = 'bank' | 'mitid-dk' | 'citizen-service' | 'app-passport-scan';
export type RetirementReason = 'migrated' | 'deadline-passed' | 'nemid-shutdown';
export type InfoUpdateChannel = 'code-app' | 'citizen-service';
/** Why a citizen's personal data was erased: the agency's retention rule, or a decision case by case. */
export const ERASURE_BASES = ['retention-period-ended', 'agency-decision'] as const;
export type ErasureBasis = (typeof ERASURE_BASES)[number];

type Event<Type extends string, Data> = { type: Type; data: Data };

export type NemIdIssued = Event<
  'NemIdIssued',
  {
    /** The CPR number, encrypted (AES-256-GCM with key id); never stored in clear. */
    protectedCpr: string;
    issuedOn: IsoDate;
    identification: IdentificationMethod;
    identityConfirmedBy: IdentityConfirmation;
    authenticator: Authenticator;
    profile: CitizenProfile;
  }
>;
/** A holder who had NemID before Overgang, loaded from the NemID register (never issued at the desk). */
export type NemIdImported = Event<
  'NemIdImported',
  {
    protectedCpr: string;
    issuedOn: IsoDate;
    authenticator: Authenticator;
    profile: CitizenProfile;
    source: RegisterSource;
  }
>;
export type DeliveryAddressRegistered = Event<
  'DeliveryAddressRegistered',
  { /** Encrypted like the CPR number: for address-protected citizens it is the secret. */ protectedAddress: string; registeredOn: IsoDate }
>;
export type CodeCardOrdered = Event<'CodeCardOrdered', { orderedOn: IsoDate; largeFont: boolean; deliverTo: Delivery }>;
export type CodeAppActivated = Event<'CodeAppActivated', { activatedOn: IsoDate; codesLeftOnCard: number }>;
export type TemporaryPasswordOrdered = Event<'TemporaryPasswordOrdered', { orderedOn: IsoDate; latestDeliveryDate: IsoDate; deliverTo: Delivery }>;
export type UpdateInfoLetterSent = Event<'UpdateInfoLetterSent', { campaignId: string; sentOn: IsoDate }>;
export type PersonalInfoUpdated = Event<'PersonalInfoUpdated', { updatedOn: IsoDate; channel: InfoUpdateChannel; danishPassport: boolean }>;
export type MitIdCreated = Event<'MitIdCreated', { createdOn: IsoDate; route: MitIdRoute }>;
export type NemIdRetired = Event<
  'NemIdRetired',
  { retiredOn: IsoDate; reason: RetirementReason; /** Set when a notice campaign retired it (so a retry is the same event). */ campaignId?: string }
>;
/**
 * Which of a citizen's records a member of staff opened: their record (status and timeline together, one search),
 * one of their letters, or (recorded before the two were opened together) their status or timeline alone.
 */
export const VIEWED_RECORDS = ['record', 'letter', 'status', 'timeline'] as const;
export type ViewedRecord = (typeof VIEWED_RECORDS)[number];
/** Staff opened a citizen's record; the citizen can read who, when and why (`GET /api/v1/me/access-log`). */
export type TimelineViewed = Event<
  'TimelineViewed',
  {
    view: ViewedRecord;
    /** Why, sealed with the citizen's key like their other personal values (openings recorded from per-citizen keys on). */
    protectedReason?: string;
    /** Why, in clear: openings recorded before, and the reason as read back (decrypted) for the timeline and access log. */
    reason?: string;
    viewedBy: { role: string; subject: string };
    viewedAt: string;
  }
>;
/**
 * The citizen's personal data was erased by destroying the data keys it was encrypted under (`keyRefs`, random ids
 * that are no personal data): the events stay, their personal values can no longer be read. Who decided, on what basis.
 */
export type CitizenForgotten = Event<
  'CitizenForgotten',
  { forgottenOn: IsoDate; basis: ErasureBasis; decidedBy: { role: string; subject: string }; keyRefs: string[] }
>;
export type NoticeSent = Event<
  'NoticeSent',
  { campaignId: string; notice: NoticeKind; sentOn: IsoDate; /** The deadline in force, named by the notice. */ deadline: IsoDate }
>;

/** Appended once a letter has been handed to the channel. */
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

/** One per failed attempt; `final` when the channel gave up. */
export interface DigitalPostDeliveryFailedData {
  campaignId: string;
  letterEventId: string;
  messageUUID: string;
  channel: string;
  attempt: number;
  reason: string;
  final: boolean;
}

export type DigitalPostDelivered = Event<'DigitalPostDelivered', DigitalPostDeliveredData>;
export type DigitalPostDeliveryFailed = Event<'DigitalPostDeliveryFailed', DigitalPostDeliveryFailedData>;

export type CitizenEvent =
  | NemIdIssued
  | NemIdImported
  | DeliveryAddressRegistered
  | CodeCardOrdered
  | CodeAppActivated
  | TemporaryPasswordOrdered
  | UpdateInfoLetterSent
  | PersonalInfoUpdated
  | MitIdCreated
  | NemIdRetired
  | NoticeSent
  | DigitalPostDelivered
  | DigitalPostDeliveryFailed
  | TimelineViewed
  | CitizenForgotten;

export type CitizenEventType = CitizenEvent['type'];

/** The citizen's stream as stored: every type (the compiler holds the record complete), no data in an older shape yet. */
export const CITIZEN_EVENTS = storedEventsOf<CitizenEvent>({
  NemIdIssued: true,
  NemIdImported: true,
  DeliveryAddressRegistered: true,
  CodeCardOrdered: true,
  CodeAppActivated: true,
  TemporaryPasswordOrdered: true,
  UpdateInfoLetterSent: true,
  PersonalInfoUpdated: true,
  MitIdCreated: true,
  NemIdRetired: true,
  NoticeSent: true,
  DigitalPostDelivered: true,
  DigitalPostDeliveryFailed: true,
  TimelineViewed: true,
  CitizenForgotten: true,
});

export const CITIZEN_EVENT_TYPES = CITIZEN_EVENTS.types;

/** A stored event as the citizen's event it is; undefined for types the domain does not know (newer versions). */
export const toCitizenEvent = CITIZEN_EVENTS.read;
