import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeQuery, MyNotice, MyStatus } from './my-notices.dto';
import { MyNotices } from './my-notices.service';

@ApiTags('citizens: own data')
@ApiNotFoundResponse({ description: 'No NemID holder with this id' })
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly myNotices: MyNotices) {}

  @Get('notices')
  @ApiOperation({ summary: 'The letters and notices sent to me, with their delivery' })
  @ApiOkResponse({ type: [MyNotice] })
  notices(@Query() query: MeQuery): Promise<MyNotice[]> {
    return this.myNotices.notices(query.citizenId);
  }

  @Get('status')
  @ApiOperation({ summary: 'My NemID/MitID status, the deadline in force and what to do now' })
  @ApiOkResponse({ type: MyStatus })
  status(@Query() query: MeQuery): Promise<MyStatus> {
    return this.myNotices.status(query.citizenId);
  }
}
