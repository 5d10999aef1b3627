import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { LetterReader } from '../digital-post/letter-reader';
import { LetterIdPipe, LetterLanguageQuery, letterFile } from '../digital-post/letters';
import { AccessDenied } from '../auth/auth-errors';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { MyAccess, MyNotice, MyStatus } from './my-notices.dto';
import { MyNotices } from './my-notices.service';

/** The citizen in the token: their subject (or the CPR claim the identity broker sends) is their citizenId. */
function citizenIdOf(principal: Principal): string {
  if (!principal.citizenId) throw new AccessDenied({ da: 'tokenet angiver ikke en borger', en: 'the token does not identify a citizen' });
  return principal.citizenId;
}

@ApiTags('citizens: own data')
@Roles('citizen')
@ApiNotFoundResponse({ description: 'No NemID holder for this citizen' })
@ApiForbiddenResponse({ description: 'Not a citizen token, or one that does not identify a citizen' })
@Controller('api/v1/me')
export class MeController {
  constructor(
    private readonly myNotices: MyNotices,
    private readonly letters: LetterReader,
  ) {}

  @Get('notices')
  @ApiOperation({ summary: 'The letters and notices sent to me, with their delivery' })
  @ApiOkResponse({ type: [MyNotice] })
  notices(@CurrentPrincipal() principal: Principal): Promise<MyNotice[]> {
    return this.myNotices.notices(citizenIdOf(principal));
  }

  @Get('letters/:letterId')
  @ApiOperation({ summary: 'One of my letters as I received it: the HTML document of the Digital Post message, or the PDF of a paper letter' })
  @ApiProduces('text/html', 'application/pdf')
  @ApiOkResponse({ description: 'The letter' })
  @ApiForbiddenResponse({ description: 'The letter is not one of mine' })
  async letter(
    @CurrentPrincipal() principal: Principal,
    @Param('letterId', LetterIdPipe) letterId: string,
    @Query() query: LetterLanguageQuery,
  ): Promise<StreamableFile> {
    return letterFile(await this.letters.read(citizenIdOf(principal), letterId, query.language ?? 'da'));
  }

  @Get('status')
  @ApiOperation({ summary: 'My NemID/MitID status, the deadline in force and what to do now' })
  @ApiOkResponse({ type: MyStatus })
  status(@CurrentPrincipal() principal: Principal): Promise<MyStatus> {
    return this.myNotices.status(citizenIdOf(principal));
  }

  @Get('access-log')
  @ApiOperation({ summary: 'Who at the authorities opened my record, when and why (newest first)' })
  @ApiOkResponse({ type: [MyAccess] })
  accessLog(@CurrentPrincipal() principal: Principal): Promise<MyAccess[]> {
    return this.myNotices.accessLog(citizenIdOf(principal));
  }
}
