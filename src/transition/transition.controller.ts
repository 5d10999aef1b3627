import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK } from '../clock/clock.module';
import { Clock } from '../domain/clock';
import { danishDateOf } from '../domain/dates';
import { dueOn } from '../domain/transition';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { commandContextOf } from '../streams/command-context';
import { Roles } from '../auth/roles';
import { TransitionCommandHandler } from '../streams/transition-command.handler';
import { DueQuery, MilestoneView, MoveDeadlineBody, TransitionScheduleBody, TransitionScheduleView, milestoneView, scheduleView } from './transition.dto';

@ApiTags('transition schedule')
@ApiBadRequestResponse({ description: 'problem+json naming each invalid field and why' })
@Controller('api/v1/transition-schedule')
export class TransitionController {
  constructor(
    private readonly handler: TransitionCommandHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('agency', 'citizen-service', 'support')
  @ApiOperation({ summary: 'The transition schedule in force, its deadline history and its milestones' })
  @ApiOkResponse({ type: TransitionScheduleView })
  async view(): Promise<TransitionScheduleView> {
    const { state } = await this.handler.load();
    return scheduleView(state, this.today());
  }

  @Put()
  @Roles('agency')
  @ApiOperation({ summary: 'Set the schedule; milestones still ahead follow it, those passed stay done' })
  @ApiOkResponse({ type: TransitionScheduleView })
  @ApiConflictResponse({ description: 'deadline-moves-with-a-reason: once set, the deadline moves only with POST …/deadline' })
  async set(@Body() body: TransitionScheduleBody, @CurrentPrincipal() principal: Principal): Promise<TransitionScheduleView> {
    const inForce = (await this.handler.load()).state.schedule;
    const schedule = {
      ...body,
      codeCardsEnd: body.codeCardsEnd ?? inForce.codeCardsEnd,
      mitIdDkWithNemIdEnd: body.mitIdDkWithNemIdEnd ?? inForce.mitIdDkWithNemIdEnd,
      reminderDaysBefore: [...body.reminderDaysBefore],
    };
    const { state } = await this.handler.handle({ type: 'SetTransitionSchedule', data: { schedule } }, commandContextOf(principal, 'agency'));
    return scheduleView(state, this.today());
  }

  @Post('deadline')
  @Roles('agency')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the deadline, with a reason: every milestone still ahead is rescheduled' })
  @ApiOkResponse({ type: TransitionScheduleView })
  @ApiConflictResponse({ description: 'deadline-passed-stays-passed' })
  async moveDeadline(@Body() body: MoveDeadlineBody, @CurrentPrincipal() principal: Principal): Promise<TransitionScheduleView> {
    const { state } = await this.handler.handle({ type: 'MoveDeadline', data: { to: body.to, reason: body.reason } }, commandContextOf(principal, 'agency'));
    return scheduleView(state, this.today());
  }

  @Get('due')
  @Roles('agency')
  @ApiOperation({ summary: 'What is due on a day under the schedule in force' })
  @ApiOkResponse({ type: [MilestoneView] })
  async due(@Query() query: DueQuery): Promise<MilestoneView[]> {
    const { state } = await this.handler.load();
    const today = this.today();
    return dueOn(state, query.date).map((m) => milestoneView(m, today));
  }

  private today(): string {
    return danishDateOf(this.clock.now());
  }
}
