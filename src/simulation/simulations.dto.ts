import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../http/validators';
import { SIMULATION_LIMITS, SIMULATION_STATUSES, SimulationJobView, SimulationStatus } from './simulation-api';
import type { SimulationJob } from './simulation-jobs';

export class StartSimulationBody {
  @ApiPropertyOptional({ ...SIMULATION_LIMITS.citizens, description: 'Generated NemID holders; shares and waits do not depend on it, only their spread' })
  @IsOptional()
  @IsInt()
  @Min(SIMULATION_LIMITS.citizens.min)
  @Max(SIMULATION_LIMITS.citizens.max)
  citizens?: number;

  @ApiPropertyOptional({ ...SIMULATION_LIMITS.seed, description: 'The same seed gives the same population and the same report' })
  @IsOptional()
  @IsInt()
  @Min(SIMULATION_LIMITS.seed.min)
  @Max(SIMULATION_LIMITS.seed.max)
  seed?: number;

  @ApiPropertyOptional({
    example: '2022-08-31',
    description: 'A proposed deadline, simulated beside the real schedule; without it, the original schedule beside the real one',
  })
  @IsOptional()
  @IsCalendarDate()
  deadline?: string;
}

export class SimulationReportLinks {
  @ApiProperty({ description: 'The comparison in Danish' }) da!: string;
  @ApiProperty({ description: 'The comparison in English' }) en!: string;
}

export class SimulationView implements SimulationJobView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SIMULATION_STATUSES }) status!: SimulationStatus;
  @ApiProperty() citizens!: number;
  @ApiProperty() seed!: number;
  @ApiPropertyOptional() deadline?: string;
  @ApiProperty({ type: [String], description: 'The schedules compared' }) schedules!: string[];
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional() finishedAt?: string;
  @ApiProperty({ description: 'Who started it' }) requestedBy!: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'While running: the share of the simulated days done' }) progress?: number;
  @ApiPropertyOptional({ type: SimulationReportLinks, description: 'When done: the report, in each language' }) report?: SimulationReportLinks;
}

export const simulationView = (job: SimulationJob, progress?: number): SimulationView => ({
  ...job,
  ...(progress !== undefined ? { progress } : {}),
  ...(job.status === 'done'
    ? { report: { da: `/api/v1/simulations/${job.id}/files/index.html`, en: `/api/v1/simulations/${job.id}/files/index.en.html` } }
    : {}),
});
