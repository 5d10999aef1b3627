import { Body, Controller, Get, Headers, HttpCode, Param, PipeTransform, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { v4 as uuidV4, validate as isUuid } from 'uuid';
import { Witness } from '../domain/citizen';
import { Cpr, parseCpr } from '../domain/cpr';
import { NotFound } from '../domain/errors';
import { RequestValidationFailed } from '../http/problem-details';
import { CITIZEN_ID_PATTERN, PersonalDataProtector } from '../personal-data/personal-data-protector';
import { CitizenCommandHandler, CitizenCommandInput, CommandContext } from './citizen-command.handler';
import { CitizenQueries, TimelineEntry } from './citizen-queries.service';
import { CitizenStatusView, CommandAccepted, commandAccepted } from './citizen-views';
import {
  ActivateCodeAppDto,
  CreateMitIdDto,
  DeliveryAddressDto,
  IssueNemIdDto,
  LookupCitizenDto,
  RecordPersonalInfoUpdatedDto,
  RetireNemIdDto,
  SendUpdateInfoLetterDto,
  WitnessDto,
} from './citizen.dto';

class CitizenIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CITIZEN_ID_PATTERN.test(value)) {
      throw new RequestValidationFailed([{ field: 'citizenId', reason: 'must be the 32-character id returned when the NemID was issued' }]);
    }
    return value;
  }
}

/** The DTO has been validated field by field; the domain wants exactly one witness shape. */
function toWitness(dto: WitnessDto): Witness {
  if (dto.kind === 'professional') {
    return { kind: 'professional', profession: dto.profession!, hasMitId: dto.hasMitId!, hasEmployeeId: dto.hasEmployeeId!, employerCvr: dto.employerCvr! };
  }
  return {
    kind: 'private',
    dateOfBirth: dto.dateOfBirth!,
    hasDanishCprNumber: dto.hasDanishCprNumber!,
    hasValidPhotoId: dto.hasValidPhotoId!,
    hasNemId: dto.hasNemId!,
    mitIdCreatedOn: dto.mitIdCreatedOn,
  };
}

/** The DTO already checked the CPR number; this gives its parsed form. */
function parsedCpr(text: string): Cpr {
  const parsed = parseCpr(text);
  if (!parsed.ok) throw new RequestValidationFailed([{ field: 'cpr', reason: parsed.reason }]);
  return parsed.cpr;
}

@ApiTags('citizens')
@ApiBadRequestResponse({ description: 'problem+json listing each invalid field and why' })
@Controller('api/v1/citizens')
export class CitizensController {
  constructor(
    private readonly handler: CitizenCommandHandler,
    private readonly queries: CitizenQueries,
    private readonly protector: PersonalDataProtector,
  ) {}

  /** Until authentication lands every desk action is recorded as Citizen Service, subject unknown. */
  private context(correlationHeader: string | undefined): CommandContext {
    return {
      actor: { role: 'citizen-service', subject: 'unauthenticated' },
      correlationId: correlationHeader && isUuid(correlationHeader) ? correlationHeader : uuidV4(),
    };
  }

  private async run(citizenId: string, command: CitizenCommandInput, correlationId?: string): Promise<CommandAccepted> {
    const result = await this.handler.handle(citizenId, command, this.context(correlationId));
    return commandAccepted(result.citizenId, result.state, result.appended);
  }

  @Post()
  @ApiOperation({ summary: 'Issue a NemID at Citizen Service (the CPR number goes in the body, never in a URL)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  @ApiConflictResponse({ description: 'refused by a rule (the problem names it) or already issued' })
  async issue(@Body() dto: IssueNemIdDto, @Headers('x-correlation-id') correlationId?: string): Promise<CommandAccepted> {
    const cpr = parsedCpr(dto.cpr);
    const citizenId = this.protector.citizenIdFor(cpr.digits);
    return this.run(
      citizenId,
      {
        type: 'IssueNemId',
        data: {
          cpr,
          protectedCpr: this.protector.encrypt(cpr.digits),
          documents: dto.documents,
          securityQuestions: dto.securityQuestions,
          witness: dto.witness && toWitness(dto.witness),
          livingInDenmarkSince: dto.livingInDenmarkSince,
          danishCitizen: dto.danishCitizen,
          residesAbroad: dto.residesAbroad,
          holdsDanishPassport: dto.holdsDanishPassport,
          digitalPostExempt: dto.digitalPostExempt,
          addressProtected: dto.addressProtected,
          visualImpairment: dto.visualImpairment,
        },
      },
      correlationId,
    );
  }

  @Post('lookup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Find the citizenId for a CPR number' })
  @ApiOkResponse({ schema: { properties: { citizenId: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'no NemID holder with this CPR number' })
  async lookup(@Body() dto: LookupCitizenDto): Promise<{ citizenId: string }> {
    const citizenId = this.protector.citizenIdFor(parsedCpr(dto.cpr).digits);
    if (!(await this.queries.exists(citizenId))) throw new NotFound('no NemID holder with this CPR number');
    return { citizenId };
  }

  @Get(':citizenId/status')
  @ApiOkResponse({ type: CitizenStatusView })
  @ApiNotFoundResponse()
  status(@Param('citizenId', CitizenIdPipe) citizenId: string): Promise<CitizenStatusView> {
    return this.queries.status(citizenId);
  }

  @Get(':citizenId/timeline')
  @ApiOperation({ summary: "Every event in the citizen's life, oldest first, with a one-line summary and who did it" })
  @ApiNotFoundResponse()
  timeline(@Param('citizenId', CitizenIdPipe) citizenId: string): Promise<TimelineEntry[]> {
    return this.queries.timeline(citizenId);
  }

  @Post(':citizenId/delivery-address')
  @ApiCreatedResponse({ type: CommandAccepted })
  registerDeliveryAddress(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: DeliveryAddressDto,
    @Headers('x-correlation-id') correlationId?: string,
  ): Promise<CommandAccepted> {
    const address = JSON.stringify({ street: dto.street, postalCode: dto.postalCode, city: dto.city, country: dto.country ?? 'DK' });
    return this.run(citizenId, { type: 'RegisterDeliveryAddress', data: { protectedAddress: this.protector.encrypt(address) } }, correlationId);
  }

  @Post(':citizenId/code-cards')
  @ApiCreatedResponse({ type: CommandAccepted })
  orderCodeCard(@Param('citizenId', CitizenIdPipe) citizenId: string, @Headers('x-correlation-id') correlationId?: string) {
    return this.run(citizenId, { type: 'OrderCodeCard', data: {} }, correlationId);
  }

  @Post(':citizenId/code-app-activations')
  @ApiCreatedResponse({ type: CommandAccepted })
  activateCodeApp(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: ActivateCodeAppDto,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.run(citizenId, { type: 'ActivateCodeApp', data: { codesLeftOnCard: dto.codesLeftOnCard } }, correlationId);
  }

  @Post(':citizenId/temporary-passwords')
  @ApiCreatedResponse({ type: CommandAccepted })
  orderTemporaryPassword(@Param('citizenId', CitizenIdPipe) citizenId: string, @Headers('x-correlation-id') correlationId?: string) {
    return this.run(citizenId, { type: 'OrderTemporaryPassword', data: {} }, correlationId);
  }

  @Post(':citizenId/update-info-letters')
  @ApiCreatedResponse({ type: CommandAccepted })
  sendUpdateInfoLetter(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: SendUpdateInfoLetterDto,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.run(citizenId, { type: 'SendUpdateInfoLetter', data: { campaignId: dto.campaignId } }, correlationId);
  }

  @Post(':citizenId/info-updates')
  @ApiCreatedResponse({ type: CommandAccepted })
  recordPersonalInfoUpdated(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: RecordPersonalInfoUpdatedDto,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    const data =
      dto.channel === 'code-app'
        ? { channel: 'code-app' as const, passport: dto.passport!, nfcPhone: dto.nfcPhone! }
        : { channel: 'citizen-service' as const, documents: dto.documents! };
    return this.run(citizenId, { type: 'RecordPersonalInfoUpdated', data }, correlationId);
  }

  @Post(':citizenId/mitid')
  @ApiCreatedResponse({ type: CommandAccepted })
  createMitId(@Param('citizenId', CitizenIdPipe) citizenId: string, @Body() dto: CreateMitIdDto, @Headers('x-correlation-id') correlationId?: string) {
    return this.run(citizenId, { type: 'CreateMitId', data: { route: dto.route } }, correlationId);
  }

  @Post(':citizenId/retirement')
  @ApiCreatedResponse({ type: CommandAccepted })
  retireNemId(@Param('citizenId', CitizenIdPipe) citizenId: string, @Body() dto: RetireNemIdDto, @Headers('x-correlation-id') correlationId?: string) {
    return this.run(citizenId, { type: 'RetireNemId', data: { reason: dto.reason } }, correlationId);
  }
}
