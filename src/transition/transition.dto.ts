import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NOTICE_KINDS, NoticeKind } from '../domain/campaign';
import { DeadlineChange, Milestone, TransitionSchedule, TransitionState, milestoneName, milestonesOf } from '../domain/transition';
import { Text } from '../domain/text';
import { IsCalendarDate, NoCprNumber } from '../http/validators';

/** Reminders further out than a year are not reminders. */
const MAX_DAYS_BEFORE = 365;

export class TransitionScheduleBody implements Omit<TransitionSchedule, 'codeCardsEnd' | 'mitIdDkWithNemIdEnd'> {
  @ApiProperty({ example: '2022-10-31', description: 'Once set, moved only with POST /api/v1/transition-schedule/deadline' })
  @IsCalendarDate()
  deadline!: string;

  @ApiProperty({ example: [60, 30, 7], description: 'Deadline reminders, in days before the deadline' })
  // Checks run from the property outwards: the type check sits nearest, so a missing array reads "must be an array".
  @Max(MAX_DAYS_BEFORE, { each: true })
  @Min(1, { each: true })
  @IsInt({ each: true })
  @ArrayMaxSize(10)
  @IsArray()
  reminderDaysBefore!: number[];

  @ApiProperty({ example: 1 })
  @Max(MAX_DAYS_BEFORE)
  @Min(0)
  @IsInt()
  finalWarningDaysBefore!: number;

  @ApiPropertyOptional({ example: '2023-05-30', description: 'Last day a new code card or temporary password is sent; default: the date in force' })
  @IsOptional()
  @IsCalendarDate()
  codeCardsEnd?: string;

  @ApiPropertyOptional({ example: '2023-06-04', description: 'Last day NemID can be used to get MitID on MitID.dk; default: the date in force' })
  @IsOptional()
  @IsCalendarDate()
  mitIdDkWithNemIdEnd?: string;

  @ApiProperty({ example: '2023-06-30', description: 'Last day of NemID in public self-service' })
  @IsCalendarDate()
  publicSelfServiceEnd!: string;

  @ApiProperty({ example: '2023-10-31', description: 'Last day NemID works at all' })
  @IsCalendarDate()
  nemIdShutdown!: string;
}

export class MoveDeadlineBody {
  @ApiProperty({ example: '2022-10-31' }) @IsCalendarDate() to!: string;

  @ApiProperty({ example: 'pressure on Citizen Service' })
  @MaxLength(500)
  @MinLength(3)
  @NoCprNumber()
  @IsString()
  reason!: string;
}

export class DueQuery {
  @ApiProperty({ example: '2022-10-30' }) @IsCalendarDate() date!: string;
}

export class MilestoneView {
  @ApiProperty({ example: 'reminder-60d' }) milestone!: string;
  @ApiProperty({ description: 'The milestone as people read it, in Danish and English' }) name!: Text;
  @ApiProperty({ enum: NOTICE_KINDS }) notice!: NoticeKind;
  @ApiProperty() on!: string;
  @ApiProperty({ description: 'Named after the milestone and the deadline version' }) campaignId!: string;
  @ApiProperty() deadline!: string;
  @ApiProperty({ description: 'The day has passed: done, and not rescheduled by a moved deadline' }) passed!: boolean;
}

export class TransitionScheduleView {
  @ApiProperty({ enum: ['default', 'set'], description: 'default: the dates from docs/facts.md, until the agency sets a schedule' }) source!: 'default' | 'set';
  @ApiProperty() schedule!: TransitionScheduleBody;
  @ApiProperty({ description: '1 for the first deadline, +1 each time it moves' }) deadlineVersion!: number;
  @ApiProperty() deadlineChanges!: DeadlineChange[];
  @ApiProperty({ type: [MilestoneView] }) milestones!: MilestoneView[];
  @ApiPropertyOptional({ description: 'The next milestone still ahead' }) next?: MilestoneView;
  @ApiProperty({ description: 'The business date today: the deadline cannot move before it' }) today!: string;
}

/** Milestones before `today` have passed and stay done. */
export const milestoneView = (milestone: Milestone, today: string): MilestoneView => ({
  ...milestone,
  name: milestoneName(milestone),
  passed: milestone.on < today,
});

export function scheduleView(state: TransitionState, today: string): TransitionScheduleView {
  const milestones = milestonesOf(state).map((m) => milestoneView(m, today));
  return {
    source: state.source,
    schedule: state.schedule,
    deadlineVersion: state.deadlineVersion,
    deadlineChanges: state.deadlineChanges,
    milestones,
    next: milestones.find((m) => !m.passed),
    today,
  };
}
