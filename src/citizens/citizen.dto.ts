import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { LetterLanguageQuery } from '../digital-post/letters';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  IdDocumentKind,
  MitIdRoute,
  NON_PHOTO_ID_KINDS,
  PHOTO_ID_KINDS,
  PROFESSIONAL_WITNESS_KINDS,
  ProfessionalWitnessKind,
  RetirementReason,
  VisualImpairment,
} from '../domain/citizen';
import { IsCalendarDate, IsCpr, NoCprNumber } from '../http/validators';
import { bothLanguages } from '../http/validation-texts';

// The ValidationPipe stops at the first failed check per field, and class-validator runs a
// field's decorators bottom-up: the type check sits nearest the property so it speaks first.
const DOCUMENT_KINDS = [...PHOTO_ID_KINDS, ...NON_PHOTO_ID_KINDS];
const VISUAL_IMPAIRMENTS: VisualImpairment[] = ['none', 'partially-sighted', 'blind'];
const MITID_ROUTES: MitIdRoute[] = ['bank', 'mitid-dk', 'citizen-service', 'app-passport-scan'];
const RETIREMENT_REASONS: RetirementReason[] = ['migrated', 'deadline-passed', 'nemid-shutdown'];

export class IdDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS)
  kind!: IdDocumentKind;

  @ApiProperty({ description: 'Whether the CPR number is printed on the document' })
  @IsBoolean()
  showsCpr!: boolean;

  @ApiPropertyOptional({ description: 'ISO 3166 alpha-2, for driving licences, passports and national ID cards', example: 'DK' })
  @IsOptional()
  @NoCprNumber()
  @Matches(/^[A-Z]{2}$/, {
    message: bothLanguages({ da: 'skal være en landekode på to bogstaver, fx DK', en: 'must be a two-letter country code such as DK' }),
  })
  issuingCountry?: string;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() provisional?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() temporary?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() schengenTravelDocument?: boolean;

  @ApiPropertyOptional({ description: 'Social-benefit documentation: date issued (at most 3 months old)', example: '2022-02-01' })
  @IsOptional()
  @IsCalendarDate()
  issuedOn?: string;
}

export class WitnessDto {
  @ApiProperty({ enum: ['private', 'professional'] })
  @IsIn(['private', 'professional'])
  kind!: 'private' | 'professional';

  @ApiPropertyOptional({ example: '1980-05-17' })
  @ValidateIf((w: WitnessDto) => w.kind === 'private')
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional() @ValidateIf((w: WitnessDto) => w.kind === 'private') @IsBoolean() hasDanishCprNumber?: boolean;
  @ApiPropertyOptional() @ValidateIf((w: WitnessDto) => w.kind === 'private') @IsBoolean() hasValidPhotoId?: boolean;
  @ApiPropertyOptional() @ValidateIf((w: WitnessDto) => w.kind === 'private') @IsBoolean() hasNemId?: boolean;

  @ApiPropertyOptional({ example: '2022-01-10' })
  @IsOptional()
  @IsCalendarDate()
  mitIdCreatedOn?: string;

  @ApiPropertyOptional({ enum: PROFESSIONAL_WITNESS_KINDS })
  @ValidateIf((w: WitnessDto) => w.kind === 'professional')
  @IsIn(PROFESSIONAL_WITNESS_KINDS)
  profession?: ProfessionalWitnessKind;

  @ApiPropertyOptional() @ValidateIf((w: WitnessDto) => w.kind === 'professional') @IsBoolean() hasMitId?: boolean;
  @ApiPropertyOptional() @ValidateIf((w: WitnessDto) => w.kind === 'professional') @IsBoolean() hasEmployeeId?: boolean;

  @ApiPropertyOptional({ example: '12345678' })
  @ValidateIf((w: WitnessDto) => w.kind === 'professional')
  @NoCprNumber()
  @IsString()
  employerCvr?: string;
}

export class IssueNemIdDto {
  @ApiProperty({ description: 'CPR number, DDMMYY-SSSS or DDMMYYSSSS. Sent in the body only, never in a URL.', example: '070761-4285' })
  @IsCpr()
  cpr!: string;

  @ApiProperty({ type: [IdDocumentDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => IdDocumentDto)
  documents!: IdDocumentDto[];

  @ApiProperty({ enum: ['passed', 'failed'] })
  @IsIn(['passed', 'failed'])
  securityQuestions!: 'passed' | 'failed';

  @ApiPropertyOptional({ type: WitnessDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WitnessDto)
  witness?: WitnessDto;

  @ApiPropertyOptional({ description: 'First day of residence in Denmark, if within the last years', example: '2021-06-01' })
  @IsOptional()
  @IsCalendarDate()
  livingInDenmarkSince?: string;

  @ApiProperty() @IsBoolean() danishCitizen!: boolean;
  @ApiProperty({ description: 'No registered address in Denmark' }) @IsBoolean() residesAbroad!: boolean;
  @ApiPropertyOptional({ description: 'Defaults to whether a Danish passport was presented' }) @IsOptional() @IsBoolean() holdsDanishPassport?: boolean;
  @ApiProperty({ description: 'Exempt from Digital Post: letters go on paper' }) @IsBoolean() digitalPostExempt!: boolean;
  @ApiProperty({ description: 'Name and address protection' }) @IsBoolean() addressProtected!: boolean;

  @ApiProperty({ enum: VISUAL_IMPAIRMENTS })
  @IsIn(VISUAL_IMPAIRMENTS)
  visualImpairment!: VisualImpairment;
}

const ACCESS_REASON_MAX_LENGTH = 500;

/** Why a member of staff opens a citizen's record: in the body, never in a URL (proxies log those); the citizen reads it. */
export class RecordOpeningDto {
  @ApiProperty({ example: 'Citizen called about a lost code card', description: 'Shown to the citizen; never a CPR number' })
  @MaxLength(ACCESS_REASON_MAX_LENGTH)
  @NoCprNumber()
  @IsString({
    message: bothLanguages({
      da: 'skriv, hvorfor du åbner oplysningerne (borgeren kan læse det)',
      en: 'say why you open this record (the citizen can read it)',
    }),
  })
  reason!: string;
}

export class LetterOpeningDto extends IntersectionType(RecordOpeningDto, LetterLanguageQuery) {}

export class LookupCitizenDto {
  @ApiProperty({ example: '070761-4285' })
  @IsCpr()
  cpr!: string;
}

export class DeliveryAddressDto {
  @ApiProperty({ example: 'Postboks 123' }) @NoCprNumber() @Length(1, 200) @IsString() street!: string;
  @ApiProperty({ example: '1599' }) @NoCprNumber() @Length(1, 20) @IsString() postalCode!: string;
  @ApiProperty({ example: 'København V' }) @NoCprNumber() @Length(1, 100) @IsString() city!: string;

  @ApiPropertyOptional({ example: 'DK', default: 'DK' })
  @IsOptional()
  @NoCprNumber()
  @Matches(/^[A-Z]{2}$/, {
    message: bothLanguages({ da: 'skal være en landekode på to bogstaver, fx DK', en: 'must be a two-letter country code such as DK' }),
  })
  country?: string;
}

export class ActivateCodeAppDto {
  @ApiProperty({ description: 'Unused codes left on the code card', example: 12 })
  @Min(0)
  @Max(1000)
  @IsInt()
  codesLeftOnCard!: number;
}

export class SendUpdateInfoLetterDto {
  @ApiProperty({ example: 'update-info-2021-10' })
  @NoCprNumber()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    message: bothLanguages({ da: 'skal være 1-64 små bogstaver, cifre og bindestreger', en: 'must be 1-64 lower-case letters, digits and dashes' }),
  })
  campaignId!: string;
}

export class PassportDto {
  @ApiProperty() @IsBoolean() danish!: boolean;
  @ApiProperty() @IsBoolean() chip!: boolean;
  @ApiProperty({ example: '2016-04-01' }) @IsCalendarDate() issuedOn!: string;
}

export class RecordPersonalInfoUpdatedDto {
  @ApiProperty({ enum: ['code-app', 'citizen-service'] })
  @IsIn(['code-app', 'citizen-service'])
  channel!: 'code-app' | 'citizen-service';

  @ApiPropertyOptional({ type: PassportDto, description: 'Required for the code app' })
  @ValidateIf((d: RecordPersonalInfoUpdatedDto) => d.channel === 'code-app')
  @ValidateNested()
  @Type(() => PassportDto)
  passport?: PassportDto;

  @ApiPropertyOptional({ description: 'Required for the code app' })
  @ValidateIf((d: RecordPersonalInfoUpdatedDto) => d.channel === 'code-app')
  @IsBoolean()
  nfcPhone?: boolean;

  @ApiPropertyOptional({ type: [IdDocumentDto], description: 'Required at Citizen Service' })
  @ValidateIf((d: RecordPersonalInfoUpdatedDto) => d.channel === 'citizen-service')
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => IdDocumentDto)
  documents?: IdDocumentDto[];
}

export class CreateMitIdDto {
  @ApiProperty({ enum: MITID_ROUTES })
  @IsIn(MITID_ROUTES)
  route!: MitIdRoute;
}

export class RetireNemIdDto {
  @ApiProperty({ enum: RETIREMENT_REASONS })
  @IsIn(RETIREMENT_REASONS)
  reason!: RetirementReason;
}
