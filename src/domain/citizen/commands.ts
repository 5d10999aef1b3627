import type { NoticeKind } from '../campaign/events';
import { Cpr } from '../cpr';
import { IsoDate } from '../dates';
import type { TransitionSchedule } from '../transition/events';
import { IdDocument, Witness } from './identification';
import {
  Authenticator,
  CitizenProfile,
  ErasureBasis,
  InfoUpdateChannel,
  MitIdRoute,
  RegisterSource,
  RetirementReason,
  ViewedRecord,
  VisualImpairment,
} from './events';

/**
 * `now` is business time from the injected clock; `schedule` the transition schedule in force, whose
 * dates decide which desk actions are still possible. The command handler sets both.
 */
type Command<Type extends string, Data> = { type: Type; data: Data; metadata: { now: Date; schedule: TransitionSchedule } };

export type IssueNemId = Command<
  'IssueNemId',
  {
    cpr: Cpr;
    /** The same CPR number, already encrypted by the caller: the domain holds no keys. */
    protectedCpr: string;
    documents: IdDocument[];
    securityQuestions: 'passed' | 'failed';
    witness?: Witness;
    /** First day of residence in Denmark; absent for citizens residing abroad or born here. */
    livingInDenmarkSince?: IsoDate;
    danishCitizen: boolean;
    residesAbroad: boolean;
    /** Defaults to whether a Danish passport was among the documents. */
    holdsDanishPassport?: boolean;
    digitalPostExempt: boolean;
    addressProtected: boolean;
    visualImpairment: VisualImpairment;
  }
>;
/** A holder from the NemID register: the facts the register keeps, checked row by row by the register format. */
export type ImportNemId = Command<
  'ImportNemId',
  {
    cpr: Cpr;
    protectedCpr: string;
    issuedOn: IsoDate;
    authenticator: Extract<Authenticator, 'code-card' | 'code-app' | 'key-fob'>;
    profile: CitizenProfile;
    source: RegisterSource;
  }
>;
export type RegisterDeliveryAddress = Command<'RegisterDeliveryAddress', { protectedAddress: string }>;
export type OrderCodeCard = Command<'OrderCodeCard', Record<string, never>>;
export type ActivateCodeApp = Command<'ActivateCodeApp', { codesLeftOnCard: number }>;
export type OrderTemporaryPassword = Command<'OrderTemporaryPassword', Record<string, never>>;
export type SendUpdateInfoLetter = Command<'SendUpdateInfoLetter', { campaignId: string }>;
export type RecordPersonalInfoUpdated = Command<
  'RecordPersonalInfoUpdated',
  | {
      channel: Extract<InfoUpdateChannel, 'code-app'>;
      passport: { danish: boolean; chip: boolean; issuedOn: IsoDate };
      nfcPhone: boolean;
    }
  | { channel: Extract<InfoUpdateChannel, 'citizen-service'>; documents: IdDocument[] }
>;
/** A notice around the transition deadline, decided per citizen by the scheduler's campaign. */
export type SendNotice = Command<'SendNotice', { campaignId: string; notice: NoticeKind; deadline: IsoDate }>;
export type CreateMitId = Command<'CreateMitId', { route: MitIdRoute }>;
export type RetireNemId = Command<'RetireNemId', { reason: RetirementReason }>;

/** A member of staff opens a citizen's record and says why; the opening is kept in the citizen's stream. */
export type RecordTimelineView = Command<
  'RecordTimelineView',
  {
    view: ViewedRecord;
    /** The reason as given, checked here; only `protectedReason`, the same text sealed by the caller, is stored. */
    reason: string;
    protectedReason: string;
    viewer: { role: string; subject: string };
  }
>;

/**
 * Erase the citizen's personal data: `keyRefs` are the data keys the caller will destroy once this is recorded.
 * Under the retention rule, `retentionYears` is the period the agency set after a NemID was retired.
 */
export type ForgetCitizen = Command<
  'ForgetCitizen',
  { basis: ErasureBasis; keyRefs: string[]; decidedBy: { role: string; subject: string }; retentionYears?: number }
>;

export type CitizenCommand =
  | IssueNemId
  | ImportNemId
  | RegisterDeliveryAddress
  | OrderCodeCard
  | ActivateCodeApp
  | OrderTemporaryPassword
  | SendUpdateInfoLetter
  | SendNotice
  | RecordPersonalInfoUpdated
  | CreateMitId
  | RetireNemId
  | RecordTimelineView
  | ForgetCitizen;
