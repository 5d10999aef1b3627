import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { CommandAccepted, commandAccepted } from '../citizens/citizen-views';
import { CitizenIdPipe } from '../citizens/citizen-id.pipe';
import { commandContextOf } from '../streams/command-context';
import { Erasures } from './erasures';
import { Retention } from './retention';
import { ErasureBody, RetentionAsOf, RetentionPlanView, RetentionRunView } from './retention.dto';
import { RetentionWorker } from './retention-worker';

@ApiTags('retention')
@Roles('agency')
@ApiBadRequestResponse({ description: 'problem+json naming each invalid field and why' })
@Controller('api/v1')
export class RetentionController {
  constructor(
    private readonly retention: Retention,
    private readonly worker: RetentionWorker,
    private readonly erasures: Erasures,
  ) {}

  @Get('retention/plan')
  @ApiOperation({ summary: 'Who the retention rule would forget as of a day, without forgetting anyone' })
  @ApiOkResponse({ type: RetentionPlanView })
  plan(@Query() query: RetentionAsOf): RetentionPlanView {
    return this.retention.plan(query.asOf);
  }

  @Get('retention/runs')
  @ApiOperation({ summary: 'Every run of the retention rule, newest first: when, as of what day, how many were forgotten' })
  @ApiOkResponse({ type: [RetentionRunView] })
  runs(): Promise<RetentionRunView[]> {
    return this.retention.list();
  }

  @Post('retention/runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the retention rule as of a day (today or before), in the background; the runs list shows how far it is' })
  @ApiAcceptedResponse({ type: RetentionRunView })
  @ApiConflictResponse({ description: 'one-retention-run-at-a-time' })
  async start(@Body() body: RetentionAsOf, @CurrentPrincipal() principal: Principal): Promise<RetentionRunView> {
    const run = await this.retention.start(body.asOf, commandContextOf(principal, 'agency'));
    this.worker.nudge();
    return run;
  }

  @Post('citizens/:citizenId/erasure')
  @HttpCode(200)
  @ApiOperation({ summary: 'Forget one citizen now: their data keys are destroyed, their events keep only what happened and when' })
  @ApiOkResponse({ type: CommandAccepted })
  @ApiConflictResponse({ description: 'forget-only-retired-nemid, retention-period-not-ended' })
  async forget(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() body: ErasureBody,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationId?: string,
  ): Promise<CommandAccepted> {
    const order = { basis: body.basis, retentionYears: this.retention.retentionYears };
    const { state, appended } = await this.erasures.forgetOne(citizenId, order, commandContextOf(principal, 'agency', correlationId));
    return commandAccepted(citizenId, state, appended);
  }
}
