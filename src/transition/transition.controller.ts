import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CLOCK } from '../clock/clock.module';
import { Clock } from '../domain/clock';
import { danishDateOf } from '../domain/dates';
import { dueOn } from '../domain/transition';
import { CommandContext } from '../event-sourcing/command-handler';
import { TransitionCommandHandler } from './transition-command.handler';
import { DueQuery, MilestoneView, MoveDeadlineBody, TransitionScheduleBody, TransitionScheduleView, milestoneView, scheduleView } from './transition.dto';

/** Until authentication exists every schedule request is the agency's, unattributed. */
const context = (): CommandContext => ({ actor: { role: 'agency', subject: 'unauthenticated' }, correlationId: randomUUID() });

@ApiTags('transition schedule')
@ApiBadRequestResponse({ description: 'problem+json naming each invalid field and why' })
@Controller('api/v1/transition-schedule')
export class TransitionController {
  constructor(
    private readonly handler: TransitionCommandHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The transition schedule in force, its deadline history and its milestones' })
  @ApiOkResponse({ type: TransitionScheduleView })
  async view(): Promise<TransitionScheduleView> {
    const { state } = await this.handler.load();
    return scheduleView(state, this.today());
  }

  @Put()
  @ApiOperation({ summary: 'Set the schedule; milestones still ahead follow it, those passed stay done' })
  @ApiOkResponse({ type: TransitionScheduleView })
  @ApiConflictResponse({ description: 'deadline-moves-with-a-reason: once set, the deadline moves only with POST …/deadline' })
  async set(@Body() body: TransitionScheduleBody): Promise<TransitionScheduleView> {
    const schedule = { ...body, reminderDaysBefore: [...body.reminderDaysBefore] };
    const { state } = await this.handler.handle({ type: 'SetTransitionSchedule', data: { schedule } }, context());
    return scheduleView(state, this.today());
  }

  @Post('deadline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the deadline, with a reason: every milestone still ahead is rescheduled' })
  @ApiOkResponse({ type: TransitionScheduleView })
  @ApiConflictResponse({ description: 'deadline-passed-stays-passed' })
  async moveDeadline(@Body() body: MoveDeadlineBody): Promise<TransitionScheduleView> {
    const { state } = await this.handler.handle({ type: 'MoveDeadline', data: { to: body.to, reason: body.reason } }, context());
    return scheduleView(state, this.today());
  }

  @Get('due')
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
