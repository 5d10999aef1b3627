import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CAMPAIGN_ID, CAMPAIGN_KINDS, CohortFilter, CampaignKind, CampaignStatus, LETTER_CAMPAIGN_KINDS, LetterCampaignKind } from '../domain/campaign';
import { NoCprNumber } from '../http/validators';
import { NEXT_CURSOR, bothLanguages } from '../http/validation-texts';
import { withCohortFilters } from '../http/cohort-filters';

export const MAX_RATE_PER_SECOND = 100_000;

/** The cohort filters (declared once in the domain) a campaign request may add. */
// The class and the interface of the same name are one type: withCohortFilters gives the class the fields the
// interface names, all declared once in the domain (COHORT_FILTERS).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class CohortFilterDto {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface CohortFilterDto extends Omit<CohortFilter, 'nemIdActive'> {}
withCohortFilters(CohortFilterDto, 'body');

export class StartCampaignBody {
  @ApiPropertyOptional({
    description: 'Lower-case letters, digits and dashes; default: derived from kind and cohort, so a repeated request is the same campaign',
  })
  @IsOptional()
  @NoCprNumber()
  @Matches(CAMPAIGN_ID, {
    message: bothLanguages({ da: 'skal være 3-63 små bogstaver, cifre eller bindestreger', en: 'must be 3-63 lower-case letters, digits or dashes' }),
  })
  campaignId?: string;

  @ApiProperty({ enum: LETTER_CAMPAIGN_KINDS, description: 'notice campaigns are started by the transition scheduler' })
  @IsIn(LETTER_CAMPAIGN_KINDS)
  kind!: LetterCampaignKind;

  @ApiPropertyOptional({ type: CohortFilterDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CohortFilterDto)
  cohort?: CohortFilterDto;

  @ApiProperty({ minimum: 1, maximum: MAX_RATE_PER_SECOND, description: 'Letters per second at most' })
  @Min(1)
  @Max(MAX_RATE_PER_SECOND)
  @IsInt() // nearest the property: checked first, so a non-number reads "must be an integer"
  ratePerSecond!: number;

  @ApiPropertyOptional({ description: 'ISO-8601 instant; default now. At most 5 minutes in the past.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  startAt?: string;
}

/** What a campaign would be before it is started: the same fields as its start, less the pace. */
export class CampaignPreviewBody extends PickType(StartCampaignBody, ['campaignId', 'kind', 'cohort'] as const) {}

/** How many letters a campaign would send, and how many on paper, from the read model: nothing is recorded. */
export class CampaignPreview {
  @ApiProperty({ description: 'The id it would have (given, or derived from kind and cohort)' }) campaignId!: string;
  @ApiPropertyOptional({ enum: ['running', 'paused', 'completed'], description: 'Set when a campaign with this id exists already' }) existing?: CampaignStatus;
  @ApiProperty({ description: 'Citizens in its cohort now: the letters it would send at most (a rule may skip some)' }) letters!: number;
  @ApiProperty({ description: 'Of those, exempt from Digital Post: letters on paper' }) paper!: number;
}

export class ListCampaignsQuery {
  @ApiPropertyOptional({ enum: ['running', 'paused', 'completed'] }) @IsOptional() @IsIn(['running', 'paused', 'completed']) status?: CampaignStatus;
  @ApiPropertyOptional() @IsOptional() @NoCprNumber() @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: NEXT_CURSOR }) after?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Min(1) @Max(500) @IsInt() @Type(() => Number) limit?: number;
}

/** A campaign in the list: its counts (letters counted from the citizens' streams) and its pace. */
export class CampaignListItem {
  @ApiProperty() campaignId!: string;
  @ApiProperty({ enum: ['running', 'paused', 'completed', 'unknown'], description: 'unknown: letters of no campaign of their own' }) status!:
    CampaignStatus | 'unknown';
  @ApiProperty({ nullable: true, type: String, enum: CAMPAIGN_KINDS }) kind!: string | null;
  @ApiProperty({ description: 'Citizens of the cohort walked so far' }) targeted!: number;
  @ApiProperty({ description: "Letters recorded in the citizens' streams" }) sent!: number;
  @ApiProperty({ description: 'Citizens the rules excluded when their turn came' }) skipped!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty({ description: 'Letters the channel finally gave up on' }) failed!: number;
  @ApiProperty({ description: 'Citizens of the cohort still ahead of the cursor' }) remaining!: number;
  @ApiProperty({ nullable: true, type: Number }) lettersPerSecond!: number | null;
  @ApiProperty({ nullable: true, type: String }) estimatedCompletionAt!: string | null;
}

export class CampaignPage {
  @ApiProperty({ type: [CampaignListItem] }) items!: CampaignListItem[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}

export class CampaignView {
  @ApiProperty() campaignId!: string;
  @ApiProperty({ enum: ['running', 'paused', 'completed'] }) status!: CampaignStatus;
  @ApiProperty({ enum: CAMPAIGN_KINDS }) kind!: CampaignKind;
  @ApiProperty({ type: Object }) cohort!: Record<string, string | boolean>;
  @ApiProperty() ratePerSecond!: number;
  @ApiProperty() startAt!: string;
  @ApiPropertyOptional({ description: 'Notice campaigns: the transition deadline their notices name' }) deadline?: string;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ description: 'Citizens of the cohort walked so far' }) targeted!: number;
  @ApiProperty({ description: 'Letters decided (each citizen at most once)' }) sent!: number;
  @ApiProperty({ description: 'Citizens the rules excluded when their turn came (e.g. updated meanwhile)' }) skipped!: number;
  @ApiProperty({ type: Object, description: 'The skipped, per rule that excluded them' }) skippedByRule!: Record<string, number>;
  @ApiProperty({ description: 'Citizens whose letter could not be decided for another reason (logged; should be 0)' }) undecided!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty({ description: 'Letters the channel finally gave up on' }) failed!: number;
  @ApiProperty({ description: 'Citizens of the cohort still ahead of the cursor' }) remaining!: number;
  @ApiProperty({ nullable: true, type: Number }) lettersPerSecond!: number | null;
  @ApiProperty({ nullable: true, type: String }) estimatedCompletionAt!: string | null;
}
