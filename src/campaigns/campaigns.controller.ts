import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { fromCursor, pageOf } from '../http/cursors';
import { CampaignCommandHandler, CampaignCommandInput } from '../streams/campaign-command.handler';
import { CampaignQueries } from './campaign-queries.service';
import { defaultCampaignId } from '../streams/campaign-stream';
import { CampaignPage, CampaignPreview, CampaignPreviewBody, CampaignView, ListCampaignsQuery, StartCampaignBody } from './campaign.dto';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { commandContextOf } from '../streams/command-context';
import { Roles } from '../auth/roles';

@ApiTags('campaigns')
@Roles('agency')
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly handler: CampaignCommandHandler,
    private readonly queries: CampaignQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Start a letter campaign; the same request again is the same campaign (200, nothing sent twice)' })
  @ApiCreatedResponse({ type: CampaignView })
  @ApiOkResponse({ type: CampaignView, description: 'The campaign already existed with these settings' })
  @ApiConflictResponse({ description: 'The id is taken by a campaign with other settings' })
  async start(
    @Body() body: StartCampaignBody,
    @Res({ passthrough: true }) response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CampaignView> {
    // Only the filters given: DTO instances carry the others as undefined properties.
    const cohort = Object.fromEntries(Object.entries(body.cohort ?? {}).filter(([, value]) => value !== undefined));
    const campaignId = body.campaignId ?? defaultCampaignId(body.kind, cohort);
    const command: CampaignCommandInput = {
      type: 'StartCampaign',
      data: { campaignId, kind: body.kind, cohort, ratePerSecond: body.ratePerSecond, startAt: body.startAt },
    };
    const { appended } = await this.handler.handle(campaignId, command, commandContextOf(principal, 'agency'));
    response.status(appended.length > 0 ? 201 : 200);
    return this.queries.view(campaignId);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'How many letters a campaign would send, and how many on paper, before it is started; whether it exists already. Records nothing' })
  @ApiOkResponse({ type: CampaignPreview })
  async preview(@Body() body: CampaignPreviewBody): Promise<CampaignPreview> {
    const cohort = Object.fromEntries(Object.entries(body.cohort ?? {}).filter(([, value]) => value !== undefined));
    const campaignId = body.campaignId ?? defaultCampaignId(body.kind, cohort);
    return { campaignId, ...(await this.queries.preview(campaignId, body.kind, cohort)) };
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns with their progress and pace (remaining, letters per second, estimated completion), in pages' })
  @ApiOkResponse({ type: CampaignPage })
  list(@Query() query: ListCampaignsQuery): CampaignPage {
    return pageOf(this.queries.list(query.status, { after: fromCursor(query.after), limit: query.limit ?? 50 }));
  }

  @Get(':campaignId')
  @ApiOperation({ summary: 'A campaign: settings, targeted, sent, skipped, delivered, failed, rate and estimated completion' })
  @ApiOkResponse({ type: CampaignView })
  @ApiNotFoundResponse()
  view(@Param('campaignId') campaignId: string): Promise<CampaignView> {
    return this.queries.view(campaignId);
  }

  @Post(':campaignId/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause: the worker finishes the step in hand and sends nothing more until resumed' })
  @ApiOkResponse({ type: CampaignView })
  async pause(@Param('campaignId') campaignId: string, @CurrentPrincipal() principal: Principal): Promise<CampaignView> {
    await this.handler.handle(campaignId, { type: 'PauseCampaign', data: {} }, commandContextOf(principal, 'agency'));
    return this.queries.view(campaignId);
  }

  @Post(':campaignId/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused campaign where it stopped' })
  @ApiOkResponse({ type: CampaignView })
  async resume(@Param('campaignId') campaignId: string, @CurrentPrincipal() principal: Principal): Promise<CampaignView> {
    await this.handler.handle(campaignId, { type: 'ResumeCampaign', data: {} }, commandContextOf(principal, 'agency'));
    return this.queries.view(campaignId);
  }
}
