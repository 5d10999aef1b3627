import { IsoDate } from '../dates';
import { Authenticator, CitizenProfile, MitIdRoute, RetirementReason } from './events';

export type CitizenStatus = 'nemid-active' | 'letter-sent' | 'info-updated' | 'mitid-created' | 'nemid-retired';

export interface NemIdHolder {
  issuedOn: IsoDate;
  authenticator: Authenticator;
  profile: CitizenProfile;
  deliveryAddressRegistered: boolean;
  codeAppActive: boolean;
  updateInfoLettersSent: { campaignId: string; sentOn: IsoDate }[];
  infoUpdatedOn?: IsoDate;
  mitId?: { createdOn: IsoDate; route: MitIdRoute };
}

export type CitizenState =
  | { status: 'no-nemid' }
  | { status: Exclude<CitizenStatus, 'nemid-retired'>; holder: NemIdHolder }
  | { status: 'nemid-retired'; holder: NemIdHolder; retired: { on: IsoDate; reason: RetirementReason } };

export const initialCitizenState = (): CitizenState => ({ status: 'no-nemid' });
