import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { commandContextOf } from '../streams/command-context';
import { Roles } from '../auth/roles';
import { CITIZEN_FORGOTTEN, NO_NEMID_HOLDER_WITH_CPR, Witness } from '../domain/citizen';
import { Cpr, parseCpr } from '../domain/cpr';
import { Forgotten, NotFound } from '../domain/errors';
import { RequestValidationFailed } from '../http/problem-details';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { CitizenCommandHandler, CitizenCommandInput } from '../streams/citizen-command.handler';
import { CitizenIdPipe } from './citizen-id.pipe';
import { CommandAccepted, commandAccepted } from './citizen-views';
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
    private readonly cipher: CitizenCipher,
  ) {}

  /** A desk action, recorded as done by the Citizen Service employee in the token. */
  private async run(citizenId: string, command: CitizenCommandInput, principal: Principal, correlationId?: string): Promise<CommandAccepted> {
    const result = await this.handler.handle(citizenId, command, commandContextOf(principal, 'citizen-service', correlationId));
    return commandAccepted(result.citizenId, result.state, result.appended);
  }

  @Post()
  @Roles('citizen-service')
  @ApiOperation({ summary: 'Issue a NemID at Citizen Service (the CPR number goes in the body, never in a URL)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  @ApiConflictResponse({ description: 'refused by a rule (the problem names it) or already issued' })
  async issue(
    @Body() dto: IssueNemIdDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ): Promise<CommandAccepted> {
    const cpr = parsedCpr(dto.cpr);
    const citizenId = this.cipher.protector.citizenIdFor(cpr.digits);
    return this.run(
      citizenId,
      {
        type: 'IssueNemId',
        data: {
          cpr,
          protectedCpr: await this.cipher.encrypt(citizenId, cpr.digits),
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
      principal,
      correlationId,
    );
  }

  @Post('lookup')
  @Roles('citizen-service', 'support')
  @HttpCode(200)
  @ApiOperation({ summary: 'Find the citizenId for a CPR number' })
  @ApiOkResponse({ schema: { properties: { citizenId: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'no NemID holder with this CPR number' })
  @ApiGoneResponse({ description: "the holder's personal data was erased: nothing more is said (not when, not the id)" })
  async lookup(@Body() dto: LookupCitizenDto): Promise<{ citizenId: string }> {
    const citizenId = this.cipher.protector.citizenIdFor(parsedCpr(dto.cpr).digits);
    const { state } = await this.handler.load(citizenId);
    if (state.status === 'no-nemid') throw new NotFound(NO_NEMID_HOLDER_WITH_CPR);
    if (state.status === 'forgotten') throw new Forgotten(CITIZEN_FORGOTTEN);
    return { citizenId };
  }

  @Post(':citizenId/delivery-address')
  @Roles('citizen-service')
  @ApiCreatedResponse({ type: CommandAccepted })
  async registerDeliveryAddress(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: DeliveryAddressDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ): Promise<CommandAccepted> {
    const address = JSON.stringify({ street: dto.street, postalCode: dto.postalCode, city: dto.city, country: dto.country ?? 'DK' });
    const protectedAddress = await this.cipher.encrypt(citizenId, address);
    return this.run(citizenId, { type: 'RegisterDeliveryAddress', data: { protectedAddress } }, principal, correlationId);
  }

  @Post(':citizenId/code-cards')
  @Roles('citizen-service')
  @ApiCreatedResponse({ type: CommandAccepted })
  orderCodeCard(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.run(citizenId, { type: 'OrderCodeCard', data: {} }, principal, correlationId);
  }

  @Post(':citizenId/code-app-activations')
  @Roles('citizen-service')
  @ApiCreatedResponse({ type: CommandAccepted })
  activateCodeApp(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: ActivateCodeAppDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.run(citizenId, { type: 'ActivateCodeApp', data: { codesLeftOnCard: dto.codesLeftOnCard } }, principal, correlationId);
  }

  @Post(':citizenId/temporary-passwords')
  @Roles('citizen-service')
  @ApiCreatedResponse({ type: CommandAccepted })
  orderTemporaryPassword(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.run(citizenId, { type: 'OrderTemporaryPassword', data: {} }, principal, correlationId);
  }

  @Post(':citizenId/update-info-letters')
  @Roles('citizen-service')
  @ApiCreatedResponse({ type: CommandAccepted })
  sendUpdateInfoLetter(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: SendUpdateInfoLetterDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.run(citizenId, { type: 'SendUpdateInfoLetter', data: { campaignId: dto.campaignId } }, principal, correlationId);
  }

  @Post(':citizenId/info-updates')
  @Roles('citizen-service')
  @ApiCreatedResponse({ type: CommandAccepted })
  recordPersonalInfoUpdated(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: RecordPersonalInfoUpdatedDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    const data =
      dto.channel === 'code-app'
        ? { channel: 'code-app' as const, passport: dto.passport!, nfcPhone: dto.nfcPhone! }
        : { channel: 'citizen-service' as const, documents: dto.documents! };
    return this.run(citizenId, { type: 'RecordPersonalInfoUpdated', data }, principal, correlationId);
  }

  @Post(':citizenId/mitid')
  @Roles('citizen-service')
  @ApiCreatedResponse({ type: CommandAccepted })
  createMitId(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: CreateMitIdDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.run(citizenId, { type: 'CreateMitId', data: { route: dto.route } }, principal, correlationId);
  }

  @Post(':citizenId/retirement')
  @Roles('citizen-service')
  @ApiCreatedResponse({ type: CommandAccepted })
  retireNemId(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: RetireNemIdDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    return this.run(citizenId, { type: 'RetireNemId', data: { reason: dto.reason } }, principal, correlationId);
  }
}
