import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { ProjectionEngine, ProjectionStatus } from '../projection-engine/projection-engine';
import { DeadLetter } from '../projection-engine/read-model-file/faults';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { DEAD_LETTER_OWNERS, ON_STALL, OnStall, actOnStall, setOnStall } from './projection-faults';

class DeadLettersQuery {
  @ApiPropertyOptional({ enum: DEAD_LETTER_OWNERS, description: 'One read model, or the Digital Post delivery (default: all)' })
  @IsOptional()
  @IsIn(DEAD_LETTER_OWNERS)
  projection?: string;
}

class OnStallBody {
  @ApiProperty({ enum: ON_STALL, description: 'wait: keep trying the event until someone decides; skip: skip it and record that' })
  @IsIn(ON_STALL)
  onStall!: OnStall;
}

/**
 * The read models' own state for the agency and operators: how far each is, the event one is stalled on, its dead
 * letters, and the choices about them, each recorded with who made it. Nothing here names a citizen.
 */
@ApiTags('read models')
@Controller('api/v1/projections')
export class ProjectionFaultsController {
  constructor(
    private readonly engine: ProjectionEngine,
    private readonly readModels: ReadModelStore,
  ) {}

  @Get()
  @Roles('agency')
  @ApiOperation({ summary: 'Each read model: checkpoint, how far behind, what it does when an event keeps failing, and the event it is stalled on' })
  status(): Promise<ProjectionStatus[]> {
    return this.engine.status();
  }

  @Get('dead-letters')
  @Roles('agency')
  @ApiOperation({ summary: 'Events a read model could not fold: position, type, error, failures, and what was decided about them' })
  deadLetters(@Query() query: DeadLettersQuery): DeadLetter[] {
    return this.readModels.faults.list(query.projection);
  }

  @Post(':name/skip')
  @HttpCode(200)
  @Roles('agency')
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'Skip the event the read model is stalled on (recorded with who did it); it then catches up' })
  skip(@Param('name') name: string, @CurrentPrincipal() principal: Principal): Promise<ProjectionStatus[]> {
    actOnStall(this.readModels, name, 'skip', principal.subject, new Date());
    return this.engine.status();
  }

  @Post(':name/retry')
  @HttpCode(200)
  @Roles('agency')
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'Try the event the read model is stalled on again (after a fix), recorded with who asked' })
  retry(@Param('name') name: string, @CurrentPrincipal() principal: Principal): Promise<ProjectionStatus[]> {
    actOnStall(this.readModels, name, 'retry', principal.subject, new Date());
    return this.engine.status();
  }

  @Put(':name/on-stall')
  @Roles('agency')
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'What the read model does when an event keeps failing: wait (default) or skip and record' })
  onStall(@Param('name') name: string, @Body() body: OnStallBody, @CurrentPrincipal() principal: Principal): Promise<ProjectionStatus[]> {
    setOnStall(this.readModels, name, body.onStall, principal.subject, new Date());
    return this.engine.status();
  }
}
