import type { ProjectionDefinition } from '../../../projections/projection';

/** Where each read model's rows are: one table per projection, a column per declared index. */
export const tableOf = (name: string) => `rm_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
/** Tables of unfinished rebuilds are named after the read model's with this and a random token. */
export const REBUILDING = '__rebuilding_';
export const COLUMN = /^[A-Za-z][A-Za-z0-9]*$/;

export const createTableSql = (table: string, columns: string[]) =>
  `CREATE TABLE ${table} (partition TEXT PRIMARY KEY, state TEXT NOT NULL${columns.map((c) => `, "${c}"`).join('')}) WITHOUT ROWID`;

/** A query index on one column, keyed on to the partition so a page of one value comes in key order. */
export const createIndexSql = (index: string, table: string, column: string) => `CREATE INDEX ${index} ON ${table} ("${column}", partition)`;

/** The positions of the counted columns among the index columns, in the order they are declared in `counted`. */
export function countedIndexes(definition: ProjectionDefinition<unknown>): number[] {
  const columns = Object.keys(definition.indexes);
  return (definition.counted ?? []).map((column) => columns.indexOf(column));
}
