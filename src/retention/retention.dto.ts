import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ERASURE_BASES, ErasureBasis } from '../domain/citizen';
import type { RetentionRun } from '../domain/retention';
import { IsCalendarDate } from '../http/validators';
import type { RetentionPlan } from '../domain/retention';

export class RetentionAsOf {
  @ApiProperty({
    example: '2028-11-01',
    description: 'The day the rule is applied as of: holders retired the set number of years before it, or earlier, are due',
  })
  @IsCalendarDate()
  asOf!: string;
}

export class RetentionPlanView implements RetentionPlan {
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'Years personal data is kept after a NemID is retired (RETENTION_YEARS_AFTER_RETIREMENT)' }) retentionYears!: number;
  @ApiProperty({ description: 'Holders whose NemID was retired on or before this day are due' }) retiredBy!: string;
  @ApiProperty({ description: 'Holders the run would forget' }) holders!: number;
  @ApiProperty({ description: 'Of those, by the year their NemID was retired', example: { '2022': 120, '2023': 4 } }) byRetirementYear!: Record<string, number>;
}

export class RetentionRunView implements RetentionRun {
  @ApiProperty() runId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() retentionYears!: number;
  @ApiProperty() retiredBy!: string;
  @ApiProperty({ description: 'Due when the run started' }) planned!: number;
  @ApiProperty({ description: 'Forgotten so far' }) forgotten!: number;
  @ApiPropertyOptional({ description: 'How far it has walked (an id, no personal data)' }) through?: string;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional({ description: 'Absent while it runs' }) finishedAt?: string;
}

export class ErasureBody {
  @ApiProperty({ enum: ERASURE_BASES, description: 'agency-decision: now, once the NemID is retired; retention-period-ended: only once the period has ended' })
  @IsIn(ERASURE_BASES)
  basis!: ErasureBasis;
}
