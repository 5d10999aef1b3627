import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { COHORT_FILTERS, PUBLIC_COHORT_FILTERS } from '../domain/campaign';

/** A query string says `true` / `false`; anything else stays as it is and fails the boolean check. */
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * Puts the declared cohort filters on a request class, with their validation and OpenAPI description:
 * a body takes JSON booleans, a query string the words `true` and `false`.
 */
export function withCohortFilters(target: { prototype: object }, from: 'body' | 'query'): void {
  for (const name of PUBLIC_COHORT_FILTERS) {
    const filter = COHORT_FILTERS[name];
    const prototype = target.prototype;
    if (filter.kind === 'status') {
      ApiPropertyOptional({ enum: filter.values, description: filter.description })(prototype, name);
      IsIn(filter.values)(prototype, name);
    } else {
      ApiPropertyOptional({ type: Boolean, description: filter.description })(prototype, name);
      IsBoolean()(prototype, name);
      if (from === 'query') Transform(queryBoolean)(prototype, name);
    }
    IsOptional()(prototype, name);
  }
}
