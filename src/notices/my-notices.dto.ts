import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CAMPAIGN_KINDS, CampaignKind } from '../domain/campaign';
import { CITIZEN_STATUSES, CitizenStatus } from '../domain/citizen';
import { NextStep } from '../domain/notices';
import { CITIZEN_ID_PATTERN } from '../personal-data/personal-data-protector';

/** Until sign-in exists (issue 7) a citizen names their citizenId; then it comes from the token. */
export class MeQuery {
  @ApiProperty({ description: 'The id returned when the NemID was issued' })
  @Matches(CITIZEN_ID_PATTERN, { message: 'must be the 32-character id returned when the NemID was issued' })
  citizenId!: string;
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
  @ApiProperty({ type: Subject, description: 'What to do now, in Danish and English' }) nextStep!: NextStep;
  @ApiProperty({ description: 'Letters and notices sent so far' }) notices!: number;
}
