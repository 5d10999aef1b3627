import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CampaignProgressRow, campaignProgress } from '../../projections/campaign-progress';
import { CitizenStatusRow, citizenStatus, citizenStatusView } from '../../projections/citizen-status';
import { DailyProgressRow, migrationProgress } from '../../projections/migration-progress';
import { CITIZEN_STATUSES } from '../domain/citizen';
import { CohortFilter } from '../domain/campaign';
import { withCohortFilters } from '../http/cohort-filters';
import { NotFound } from '../domain/errors';
import { Roles } from '../auth/roles';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { fromCursor, pageOf } from '../http/cursors';
import { ProjectionEngine, ProjectionStatus } from '../projection-engine/projection-engine';
import { NoCprNumber } from '../http/validators';
import { NEXT_CURSOR } from '../http/validation-texts';
import { NO_CAMPAIGN } from '../domain/campaign';

export const MAX_PAGE_SIZE = 500;

/** The citizen list, filtered on the declared cohort filters, in pages. */
// The class and the interface of the same name are one type: withCohortFilters gives the class the fields the
// interface names, all declared once in the domain (COHORT_FILTERS).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ListCitizensQuery {
  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @IsOptional()
  @NoCprNumber()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: NEXT_CURSOR })
  after?: string;

  @ApiPropertyOptional({ default: 50, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  @IsInt()
  @Type(() => Number)
  limit?: number;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ListCitizensQuery extends Omit<CohortFilter, 'nemIdActive'> {}
withCohortFilters(ListCitizensQuery, 'query');

export class CitizenPage {
  @ApiProperty() items!: CitizenStatusRow[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}

export class NationalProgress {
  @ApiProperty({ description: 'Citizens per status now; those whose personal data was erased count as retired' }) byStatus!: Record<string, number>;
  @ApiProperty({ description: 'Of the retired, those whose personal data was erased' }) forgotten!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Per business day: issued, letters sent, info updated, MitIDs created, NemIDs retired' })
  daily!: DailyProgressRow[];
  @ApiProperty({ description: 'How far each read model has got' }) projections!: ProjectionStatus[];
}

@ApiTags('read models')
@Controller('api/v1/citizens')
export class CitizenListController {
  constructor(private readonly readModels: ReadModelStore) {}

  @Get()
  @Roles('support', 'agency')
  @ApiOperation({ summary: 'List citizens by status and profile facts, in pages (keyset cursor)' })
  list(@Query() query: ListCitizensQuery): CitizenPage {
    const { after, limit, ...filter } = query;
    const page = this.readModels.of(citizenStatus).find(filter, { after: fromCursor(after), limit: limit ?? 50 });
    return pageOf({ items: page.items.map(citizenStatusView), next: page.next });
  }
}

@ApiTags('read models')
@Controller('api/v1')
export class ProgressController {
  constructor(
    private readonly readModels: ReadModelStore,
    private readonly engine: ProjectionEngine,
  ) {}

  @Get('progress')
  @Roles('agency', 'support')
  @ApiOperation({ summary: 'How far the country is: counts per status and a daily series for charts' })
  async progress(): Promise<NationalProgress> {
    const counts = this.readModels.of(citizenStatus).countBy('status');
    const forgotten = counts.forgotten ?? 0;
    const byStatus = Object.fromEntries(CITIZEN_STATUSES.map((status) => [status, (counts[status] ?? 0) + (status === 'nemid-retired' ? forgotten : 0)]));
    const daily: DailyProgressRow[] = [];
    let after: string | undefined;
    do {
      const page = this.readModels.of(migrationProgress).find({}, { after, limit: 1000 });
      daily.push(...page.items);
      after = page.next ?? undefined;
    } while (after !== undefined);
    return {
      byStatus,
      forgotten,
      total: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
      daily,
      projections: await this.engine.status(),
    };
  }

  @Get('campaigns/:campaignId/progress')
  @Roles('agency')
  @ApiNotFoundResponse()
  campaignProgress(@Param('campaignId') campaignId: string): CampaignProgressRow {
    const row = this.readModels.of(campaignProgress).get(campaignId);
    if (!row) throw new NotFound(NO_CAMPAIGN);
    return row;
  }
}
