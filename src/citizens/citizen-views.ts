import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CITIZEN_STATUSES, ERASURE_BASES, ErasureBasis, CitizenEvent, CitizenProfile, CitizenState, lettersSentTo, summarize } from '../domain/citizen';
import { Milestone, milestoneName } from '../domain/transition';
import { Text } from '../domain/text';

/** A text in both languages, as the API gives every text a person reads (problem details excepted: Accept-Language). */
export class TextView {
  @ApiProperty() da!: string;
  @ApiProperty() en!: string;
}

export class NextMilestoneView {
  @ApiProperty({ example: 'final-warning' }) milestone!: string;
  @ApiProperty({ example: '2022-10-30' }) on!: string;
  @ApiProperty({ type: TextView }) name!: Text;
}

export class ForgottenView {
  @ApiProperty({ example: '2028-11-01' }) on!: string;
  @ApiProperty({ enum: ERASURE_BASES }) basis!: ErasureBasis;
}

export class CitizenStatusView {
  @ApiProperty() citizenId!: string;
  @ApiProperty({ enum: [...CITIZEN_STATUSES, 'forgotten'] }) status!: string;
  @ApiPropertyOptional({ description: 'Absent once the personal data is erased (status forgotten), as are the other facts of the holder' })
  issuedOn?: string;
  @ApiPropertyOptional() authenticator?: string;
  @ApiPropertyOptional() profile?: CitizenProfile;
  @ApiPropertyOptional() deliveryAddressRegistered?: boolean;
  @ApiPropertyOptional() codeAppActive?: boolean;
  @ApiPropertyOptional() updateInfoLettersSent?: { campaignId: string; sentOn: string }[];
  @ApiPropertyOptional({ description: 'Letters and notices sent to the holder' }) lettersSent?: number;
  @ApiPropertyOptional() infoUpdatedOn?: string;
  @ApiPropertyOptional() mitId?: { createdOn: string; route: string };
  @ApiPropertyOptional() retired?: { on: string; reason: string };
  @ApiPropertyOptional({ type: ForgottenView, description: 'When and why the personal data was erased' }) forgotten?: ForgottenView;
  @ApiPropertyOptional({ type: NextMilestoneView, description: 'The next milestone of the schedule whose notice will reach this holder' })
  nextMilestone?: NextMilestoneView;
}

export function statusView(citizenId: string, state: Exclude<CitizenState, { status: 'no-nemid' }>, next?: Milestone): CitizenStatusView {
  if (state.status === 'forgotten') return { citizenId, status: state.status, retired: state.retired, forgotten: state.forgotten };
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
    lettersSent: lettersSentTo(holder),
    infoUpdatedOn: holder.infoUpdatedOn,
    mitId: holder.mitId,
    retired: state.status === 'nemid-retired' ? state.retired : undefined,
    nextMilestone: next && { milestone: next.milestone, on: next.on, name: milestoneName(next) },
  };
}

export class CommandAccepted {
  @ApiProperty() citizenId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ description: 'What was recorded, each in both languages; empty when the command had already been carried out' })
  recorded!: { type: string; summary: Text }[];
}

export function commandAccepted(citizenId: string, state: CitizenState, appended: CitizenEvent[]): CommandAccepted {
  return { citizenId, status: state.status, recorded: appended.map((e) => ({ type: e.type, summary: summarize(e) })) };
}
