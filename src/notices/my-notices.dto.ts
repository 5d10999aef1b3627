import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAMPAIGN_KINDS, CampaignKind } from '../domain/campaign';
import { CITIZEN_STATUSES, CitizenStatus, VIEWED_RECORDS, ViewedRecord } from '../domain/citizen';
import { NextStep } from '../domain/notices';

export class Viewer {
  @ApiProperty({ example: 'support' }) role!: string;
  @ApiProperty({ example: 'agent-7', description: "The staff member's id in the token" }) subject!: string;
}

/** One visit to the citizen's record by a member of staff: what they opened, when, and why. */
export class MyAccess {
  @ApiProperty({ description: 'When the visit began' }) at!: string;
  @ApiProperty({ enum: VIEWED_RECORDS, isArray: true, description: 'What was opened during the visit, in order' }) viewed!: ViewedRecord[];
  @ApiProperty() reason!: string;
  @ApiProperty({ type: Viewer }) by!: Viewer;
}

export class Subject {
  @ApiProperty() da!: string;
  @ApiProperty() en!: string;
}

export class MyNotice {
  @ApiProperty() letterId!: string;
  @ApiProperty({ enum: CAMPAIGN_KINDS }) kind!: CampaignKind;
  @ApiProperty() sentOn!: string;
  @ApiProperty({ type: Subject, description: 'The subject line, as in the Digital Post inbox' }) subject!: Subject;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) delivery!: 'pending' | 'delivered' | 'failed';
  @ApiPropertyOptional({ enum: ['digital-post', 'paper'] }) form?: 'digital-post' | 'paper';
  @ApiPropertyOptional() deliveredAt?: string;
}

export class MyStatus {
  @ApiProperty({ enum: CITIZEN_STATUSES }) status!: CitizenStatus;
  @ApiProperty() hasMitId!: boolean;
  @ApiProperty() nemIdActive!: boolean;
  @ApiProperty({ description: 'The transition deadline in force' }) deadline!: string;
  @ApiProperty({ description: 'Holds a Danish passport: without one, NemID stays for now' }) danishPassport!: boolean;
  @ApiPropertyOptional({ description: 'When the NemID was retired, and why' }) retired?: { on: string; reason: string };
  @ApiProperty({ type: Subject, description: 'What to do now, in Danish and English' }) nextStep!: NextStep;
  @ApiProperty({ description: 'Letters and notices sent so far' }) notices!: number;
}
