import type Database from 'better-sqlite3';
import type { IndexValue } from '../../../projections/projection';

/**
 * A counted read model's rows per combination of its counted columns' values and the first character of the
 * partition key (the bucket): a count over any of those columns sums a few hundred rows instead of reading every
 * row, and a count of what is left after a key reads the rows of its bucket only. Values are kept as JSON, so a
 * null is a value like the others (key columns cannot hold NULL).
 */
export const countsOf = (table: string) => `${table}__counts`;
export const BUCKET = '_bucket';
export const ROWS = '_rows';

export const toSql = (value: IndexValue) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
export type SqlValue = ReturnType<typeof toSql>;

export const createCountsSql = (table: string, counted: string[]) =>
  `CREATE TABLE ${countsOf(table)} (${BUCKET} TEXT NOT NULL${counted.map((c) => `, "${c}" TEXT NOT NULL`).join('')}, ${ROWS} INTEGER NOT NULL,
   PRIMARY KEY (${[BUCKET, ...counted.map((c) => `"${c}"`)].join(', ')})) WITHOUT ROWID`;

export const addCountSql = (table: string, counted: string[]) => {
  const key = [BUCKET, ...counted.map((c) => `"${c}"`)].join(', ');
  return `INSERT INTO ${countsOf(table)} (${key}, ${ROWS}) VALUES (?${counted.map(() => ', ?').join('')}, ?) ON CONFLICT (${key}) DO UPDATE SET ${ROWS} = ${ROWS} + excluded.${ROWS}`;
};

export const asCountValue = (value: SqlValue) => JSON.stringify(value);
export const bucketOf = (partition: string) => (partition.length === 0 ? '' : String.fromCodePoint(partition.codePointAt(0)!));

/** The least key above every key of the bucket ('' holds only the empty key); undefined: none above the last code point. */
export function bucketEnd(bucket: string): string | undefined {
  if (bucket === '') return '';
  const next = bucket.codePointAt(0)! + 1;
  if (next > 0x10ffff) return undefined;
  return String.fromCodePoint(next >= 0xd800 && next < 0xe000 ? 0xe000 : next);
}

/** Changes to the counts, gathered over a transaction's writes and added at its end. */
export class CountChanges {
  private readonly changes = new Map<string, { key: string[]; change: number }>();

  add(partition: string, values: SqlValue[], change: number): void {
    const bucket = bucketOf(partition);
    const id = `${bucket}${JSON.stringify(values)}`;
    const entry = this.changes.get(id);
    if (entry) entry.change += change;
    else this.changes.set(id, { key: [bucket, ...values.map(asCountValue)], change });
  }

  save(add: Database.Statement): void {
    for (const { key, change } of this.changes.values()) if (change !== 0) add.run(...key, change);
  }
}
