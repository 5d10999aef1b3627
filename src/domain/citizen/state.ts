import type { NoticeKind } from '../campaign/events';
import { IsoDate } from '../dates';
import type { LetterForm } from '../notices/form';
import { Authenticator, CitizenProfile, ErasureBasis, MitIdRoute, PersonalInfoUpdated, RetirementReason } from './events';

export const CITIZEN_STATUSES = ['nemid-active', 'letter-sent', 'info-updated', 'mitid-created', 'nemid-retired'] as const;
export type CitizenStatus = (typeof CITIZEN_STATUSES)[number];

/** What became of a letter, by its campaign (one letter per citizen and campaign); absent while pending. */
export type LetterDelivery = { status: 'delivered'; form: LetterForm; deliveredAt: string } | { status: 'failed' };

export interface NemIdHolder {
  /** The CPR number, encrypted by the caller: the domain holds no keys. */
  protectedCpr: string;
  /** The registered delivery address, encrypted, for address-protected holders. */
  protectedDeliveryAddress?: string;
  /** Settled letters by campaign id: delivered, or given up on. */
  deliveries: Record<string, LetterDelivery>;
  issuedOn: IsoDate;
  authenticator: Authenticator;
  profile: CitizenProfile;
  deliveryAddressRegistered: boolean;
  codeAppActive: boolean;
  updateInfoLettersSent: { campaignId: string; sentOn: IsoDate }[];
  notices: { campaignId: string; notice: NoticeKind; sentOn: IsoDate }[];
  infoUpdatedOn?: IsoDate;
  mitId?: { createdOn: IsoDate; route: MitIdRoute };
}

/**
 * `forgotten`: the holder's personal data was erased; what is left is when and why, and when the NemID had been
 * retired. Not a status of the transition (the national progress still counts them as retired): a new NemID for the
 * same person starts a new life from here, as from `no-nemid`.
 */
export type CitizenState =
  | { status: 'no-nemid' }
  | { status: Exclude<CitizenStatus, 'nemid-retired'>; holder: NemIdHolder }
  | { status: 'nemid-retired'; holder: NemIdHolder; retired: { on: IsoDate; reason: RetirementReason } }
  | { status: 'forgotten'; forgotten: { on: IsoDate; basis: ErasureBasis }; retired: { on: IsoDate; reason: RetirementReason } };

/** The states with a holder whose facts can be read. */
export type Holding = Extract<CitizenState, { holder: NemIdHolder }>;
export const isHolding = (state: CitizenState): state is Holding => 'holder' in state;

export const initialCitizenState = (): CitizenState => ({ status: 'no-nemid' });

/** How an event moves the status; shared by the decider's evolve and the citizen-status read model. */
export function nextStatus(current: CitizenState['status'], eventType: string): CitizenState['status'] {
  if (eventType === 'NemIdIssued' || eventType === 'NemIdImported') return 'nemid-active';
  if (eventType === 'CitizenForgotten' && current === 'nemid-retired') return 'forgotten';
  if (current === 'no-nemid' || current === 'forgotten') return current;
  switch (eventType) {
    case 'UpdateInfoLetterSent':
      return current === 'nemid-active' ? 'letter-sent' : current;
    case 'PersonalInfoUpdated':
      return current === 'nemid-active' || current === 'letter-sent' ? 'info-updated' : current;
    case 'MitIdCreated':
      return current === 'nemid-retired' ? current : 'mitid-created';
    case 'NemIdRetired':
      return 'nemid-retired';
    default:
      return current;
  }
}

/** After an info update nothing more is needed, and a Danish passport used for it is now known. */
export function profileAfterInfoUpdate(profile: CitizenProfile, update: PersonalInfoUpdated['data']): CitizenProfile {
  return { ...profile, needsInfoUpdate: false, danishPassport: profile.danishPassport || update.danishPassport };
}
