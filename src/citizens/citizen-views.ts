import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CITIZEN_STATUSES, CitizenEvent, CitizenProfile, CitizenState, summarize } from '../domain/citizen';

export class CitizenStatusView {
  @ApiProperty() citizenId!: string;
  @ApiProperty({ enum: CITIZEN_STATUSES }) status!: string;
  @ApiProperty() issuedOn!: string;
  @ApiProperty() authenticator!: string;
  @ApiProperty() profile!: CitizenProfile;
  @ApiProperty() deliveryAddressRegistered!: boolean;
  @ApiProperty() codeAppActive!: boolean;
  @ApiProperty() updateInfoLettersSent!: { campaignId: string; sentOn: string }[];
  @ApiPropertyOptional() infoUpdatedOn?: string;
  @ApiPropertyOptional() mitId?: { createdOn: string; route: string };
  @ApiPropertyOptional() retired?: { on: string; reason: string };
}

export function statusView(citizenId: string, state: Exclude<CitizenState, { status: 'no-nemid' }>): CitizenStatusView {
  const { holder } = state;
  return {
    citizenId,
    status: state.status,
    issuedOn: holder.issuedOn,
    authenticator: holder.authenticator,
    profile: holder.profile,
    deliveryAddressRegistered: holder.deliveryAddressRegistered,
    codeAppActive: holder.codeAppActive,
    updateInfoLettersSent: holder.updateInfoLettersSent,
    infoUpdatedOn: holder.infoUpdatedOn,
    mitId: holder.mitId,
    retired: state.status === 'nemid-retired' ? state.retired : undefined,
  };
}

export class CommandAccepted {
  @ApiProperty() citizenId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ description: 'What was recorded; empty when the command had already been carried out' })
  recorded!: { type: string; summary: string }[];
}

export function commandAccepted(citizenId: string, state: CitizenState, appended: CitizenEvent[]): CommandAccepted {
  return { citizenId, status: state.status, recorded: appended.map((e) => ({ type: e.type, summary: summarize(e) })) };
}
