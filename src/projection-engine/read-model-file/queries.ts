import type Database from 'better-sqlite3';
import type { IndexValue, ProjectionDefinition } from '../../../projections/projection';
import { CarriesProblem, Problem, invalidFields } from '../../http/problem';
import { BUCKET, ROWS, SqlValue, asCountValue, bucketEnd, bucketOf, countsOf, toSql } from './counts';
import { tableOf } from './tables';

export class UnknownIndexError extends Error implements CarriesProblem {
  constructor(
    readonly column: string,
    readonly known: string[],
  ) {
    super(`unknown filter ${column}; known: ${known.join(', ')}`);
  }

  problem(): Problem {
    return invalidFields([
      {
        field: this.column,
        reason: { da: `er ikke et filter; brug et af ${this.known.join(', ')}`, en: `is not a filter; use one of ${this.known.join(', ')}` },
      },
    ]);
  }
}

/** Equality on index columns; a column given as undefined is not filtered on. */
export type Filter = Record<string, IndexValue | undefined>;

export interface Page<State> {
  items: State[];
  /** Pass as `after` to get the next page; null on the last page. */
  next: string | null;
}

interface Conditions {
  where: string[];
  params: (SqlValue | string)[];
}
const whereSql = (where: string[]) => (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '');
const filtered = (filter: Filter) => Object.keys(filter).filter((column) => filter[column] !== undefined);

/** Reads of the read models by their index columns: pages in key order, counts (from the kept counts where they can answer), counts by a column. */
export class ReadModelQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly definition: (name: string) => ProjectionDefinition<unknown>,
  ) {}

  /** Equality filters on index columns, ordered by partition key: `after` is the last key seen (keyset paging). */
  find<State>(name: string, filter: Filter, options: { after?: string; limit: number }): Page<State> {
    const { where, params } = this.where(name, filter, { after: options.after });
    const rows = this.db
      .prepare(`SELECT partition, state FROM ${tableOf(name)}${whereSql(where)} ORDER BY partition LIMIT ?`)
      .all(...params, options.limit + 1) as { partition: string; state: string }[];
    const items = rows.slice(0, options.limit);
    const next = rows.length > options.limit ? items[items.length - 1].partition : null;
    return { items: items.map((r) => JSON.parse(r.state) as State), next };
  }

  /** How many rows match, optionally only those after a key (what is left of a keyset walk). */
  count(name: string, filter: Filter, options: { after?: string } = {}): number {
    const table = tableOf(name);
    if (!this.isCounted(name, filtered(filter))) return this.countOfRows(table, this.where(name, filter, { after: options.after }));
    const counts = this.where(name, filter, { encode: asCountValue });
    if (options.after === undefined) return this.sumOfCounts(table, counts);
    // The buckets after the key's own from the counts, the rest of its bucket from the rows.
    const bucket = bucketOf(options.after);
    const ahead = this.sumOfCounts(table, { where: [...counts.where, `${BUCKET} > ?`], params: [...counts.params, bucket] });
    return ahead + this.countOfRows(table, this.where(name, filter, { after: options.after, before: bucketEnd(bucket) }));
  }

  countBy(name: string, column: string, filter: Filter = {}): Record<string, number> {
    this.assertColumn(name, column);
    if (this.isCounted(name, [column, ...filtered(filter)])) {
      const { where, params } = this.where(name, filter, { encode: asCountValue });
      const rows = this.db
        .prepare(
          `SELECT "${column}" AS value, SUM(${ROWS}) AS count FROM ${countsOf(tableOf(name))}${whereSql(where)} GROUP BY "${column}" HAVING SUM(${ROWS}) <> 0`,
        )
        .all(...params) as { value: string; count: number }[];
      return Object.fromEntries(rows.map((r) => [String(JSON.parse(r.value)), r.count]));
    }
    const { where, params } = this.where(name, filter);
    const rows = this.db
      .prepare(`SELECT "${column}" AS value, COUNT(*) AS count FROM ${tableOf(name)}${whereSql(where)} GROUP BY "${column}"`)
      .all(...params) as { value: IndexValue; count: number }[];
    return Object.fromEntries(rows.map((r) => [String(r.value), r.count]));
  }

  /** Equality on the filter's columns, and optionally partition keys strictly between `after` and `before`; `encode` for the counts. */
  private where(name: string, filter: Filter, options: { after?: string; before?: string; encode?: (value: SqlValue) => string } = {}): Conditions {
    const where: string[] = [];
    const params: (SqlValue | string)[] = [];
    for (const [column, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      this.assertColumn(name, column);
      if (options.encode) {
        where.push(`"${column}" = ?`);
        params.push(options.encode(toSql(value)));
      } else if (value === null) {
        where.push(`"${column}" IS NULL`);
      } else {
        where.push(`"${column}" = ?`);
        params.push(toSql(value));
      }
    }
    if (options.after !== undefined) {
      where.push('partition > ?');
      params.push(options.after);
    }
    if (options.before !== undefined) {
      where.push('partition < ?');
      params.push(options.before);
    }
    return { where, params };
  }

  /** Whether the counts can answer for these columns (filtered on or grouped by). */
  private isCounted(name: string, columns: string[]): boolean {
    const counted = this.definition(name).counted;
    return counted !== undefined && counted.length > 0 && columns.every((column) => counted.includes(column));
  }

  private countOfRows(table: string, { where, params }: Conditions): number {
    return (this.db.prepare(`SELECT COUNT(*) AS count FROM ${table}${whereSql(where)}`).get(...params) as { count: number }).count;
  }

  private sumOfCounts(table: string, { where, params }: Conditions): number {
    return (this.db.prepare(`SELECT COALESCE(SUM(${ROWS}), 0) AS count FROM ${countsOf(table)}${whereSql(where)}`).get(...params) as { count: number }).count;
  }

  private assertColumn(name: string, column: string): void {
    const known = Object.keys(this.definition(name).indexes);
    if (!known.includes(column)) throw new UnknownIndexError(column, known);
  }
}
