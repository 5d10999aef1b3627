import type { OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { openSqliteFile } from '../storage/sqlite-file';
import { CarriesProblem, Problem, invalidFields } from '../problem';
import { IndexValue, ProjectionDefinition } from '../../projections/projection';

/** Another process (the CLI, a second engine) moved the checkpoint: the batch is dropped and reading restarts. */
export class CheckpointMovedError extends Error {}

export class UnknownIndexError extends Error implements CarriesProblem {
  constructor(
    readonly column: string,
    readonly known: string[],
  ) {
    super(`unknown filter ${column}; known: ${known.join(', ')}`);
  }

  problem(): Problem {
    return invalidFields([{ field: this.column, reason: { da: `er ikke et filter; brug et af ${this.known.join(', ')}`, en: `is not a filter; use one of ${this.known.join(', ')}` } }]);
  }
}

/** Writes rows into the table of a rebuild from position 0, which replaces the read model's table when finished. */
export interface RebuildWriter<State> {
  /** The table being filled: another thread or process can write its share of the rows into it (`joinRebuild`). */
  readonly table: string;
  /** Rows, each partition once in the whole rebuild. Fails with CheckpointMovedError once another rebuild has finished first. */
  write(states: ReadonlyMap<string, State>): void;
}

export interface Rebuild<State> extends RebuildWriter<State> {
  /** Swaps the new table in and moves the checkpoint from 0 to `to`, in one transaction. */
  finish(to: bigint): void;
  /** Drops the unfinished table. */
  abandon(): void;
}

export interface Checkpoint {
  version: number;
  position: bigint;
}

/** Equality on index columns; a column given as undefined is not filtered on. */
export type Filter = Record<string, IndexValue | undefined>;

export interface Page<State> {
  items: State[];
  /** Pass as `after` to get the next page; null on the last page. */
  next: string | null;
}

const COLUMN = /^[A-Za-z][A-Za-z0-9]*$/;

const tableOf = (name: string) => `rm_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
/** Tables of unfinished rebuilds are named after the read model's with this and a random token. */
const REBUILDING = '__rebuilding_';
const createTableSql = (table: string, columns: string[]) =>
  `CREATE TABLE ${table} (partition TEXT PRIMARY KEY, state TEXT NOT NULL${columns.map((c) => `, "${c}"`).join('')}) WITHOUT ROWID`;
const toSql = (value: IndexValue) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
type SqlValue = ReturnType<typeof toSql>;

/**
 * A counted read model's rows per combination of its counted columns' values and the first character of the
 * partition key (the bucket): a count over any of those columns sums a few hundred rows instead of reading every
 * row, and a count of what is left after a key reads the rows of its bucket only. Values are kept as JSON, so a
 * null is a value like the others (key columns cannot hold NULL).
 */
const countsOf = (table: string) => `${table}__counts`;
const BUCKET = '_bucket';
const ROWS = '_rows';
const createCountsSql = (table: string, counted: string[]) =>
  `CREATE TABLE ${countsOf(table)} (${BUCKET} TEXT NOT NULL${counted.map((c) => `, "${c}" TEXT NOT NULL`).join('')}, ${ROWS} INTEGER NOT NULL,
   PRIMARY KEY (${[BUCKET, ...counted.map((c) => `"${c}"`)].join(', ')})) WITHOUT ROWID`;
const addCountSql = (table: string, counted: string[]) => {
  const key = [BUCKET, ...counted.map((c) => `"${c}"`)].join(', ');
  return `INSERT INTO ${countsOf(table)} (${key}, ${ROWS}) VALUES (?${counted.map(() => ', ?').join('')}, ?) ON CONFLICT (${key}) DO UPDATE SET ${ROWS} = ${ROWS} + excluded.${ROWS}`;
};
const asCountValue = (value: SqlValue) => JSON.stringify(value);
const bucketOf = (partition: string) => (partition.length === 0 ? '' : String.fromCodePoint(partition.codePointAt(0)!));
/** The least key above every key of the bucket ('' holds only the empty key); undefined: none above the last code point. */
function bucketEnd(bucket: string): string | undefined {
  if (bucket === '') return '';
  const next = bucket.codePointAt(0)! + 1;
  if (next > 0x10ffff) return undefined;
  return String.fromCodePoint(next >= 0xd800 && next < 0xe000 ? 0xe000 : next);
}

interface Conditions {
  where: string[];
  params: (SqlValue | string)[];
}
const whereSql = (where: string[]) => (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '');
const filtered = (filter: Filter) => Object.keys(filter).filter((column) => filter[column] !== undefined);

/** Changes to the counts, gathered over a transaction's writes and added at its end. */
class CountChanges {
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

/** One read model, reached through its definition: filters and columns are the ones it declares. */
export class ReadModel<State, Index extends string> {
  constructor(
    private readonly store: ReadModelStore,
    readonly definition: ProjectionDefinition<State, Index>,
  ) {}

  get(partition: string): State | undefined {
    return this.store.get<State>(this.definition.name, partition);
  }

  find(filter: Partial<Record<Index, IndexValue>>, options: { after?: string; limit: number }): Page<State> {
    return this.store.find<State>(this.definition.name, filter, options);
  }

  count(filter: Partial<Record<Index, IndexValue>>, options: { after?: string } = {}): number {
    return this.store.count(this.definition.name, filter, options);
  }

  countBy(column: Index, filter: Partial<Record<Index, IndexValue>> = {}): Record<string, number> {
    return this.store.countBy(this.definition.name, column, filter);
  }
}


const LOAD_CHUNK = 512;
/**
 * Negative: in KiB (SQLite's convention), 64 MiB. At 1 000 000 citizens the indexes built as fast as with 256 MiB
 * (54 s against 59 s for every read model), and 256 MiB took a national import's read models over 500 MB RSS.
 */
const INDEX_BUILD_CACHE_KIB = -65_536;
/**
 * A row is about 600 bytes of state and columns, held whole in the table's B-tree (WITHOUT ROWID): 4 KiB pages
 * hold six. With 16 KiB pages a million events' rebuild wrote its rows in a quarter less time and built its
 * indexes in a fifth less.
 */
const PAGE_SIZE = 16_384;
/**
 * The read-model database: one table per projection (partition key, state JSON, one column per
 * declared index) and a checkpoint row per projection, written in the same transaction as the
 * states, so a batch is applied exactly once. Read models are disposable: synchronous NORMAL.
 */
export class ReadModelStore implements OnApplicationShutdown {
  private readonly db: Database.Database;
  private readonly definitions = new Map<string, ProjectionDefinition<unknown>>();
  private readonly statements = new Map<string, Database.Statement>();

  /** `checkPages`: see `SqliteFileOptions`. */
  constructor(path: string, { checkPages }: { checkPages?: boolean } = {}) {
    // Read models are rebuilt from the events, so a crash may lose their last moments: NORMAL is enough.
    this.db = openSqliteFile(path, { remedy: 'stop the service and delete it: the read models are rebuilt from the events', synchronous: 'NORMAL', checkPages, pageSize: PAGE_SIZE });
    this.db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name TEXT PRIMARY KEY, version INTEGER NOT NULL, schema TEXT NOT NULL, position INTEGER NOT NULL
    ) WITHOUT ROWID`);
    this.db.exec('CREATE TABLE IF NOT EXISTS consumer_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID');
    // Counts per column, shared by the read models, in files from before they were kept per read model.
    this.db.exec('DROP TABLE IF EXISTS read_model_counts; DROP TABLE IF EXISTS read_model_counted');
  }

  /** The typed handle of a read model, registering it if this store has not yet (explicitly, by whoever asks first). */
  of<State, Index extends string>(definition: ProjectionDefinition<State, Index>): ReadModel<State, Index> {
    if (this.definitions.get(definition.name) !== definition) this.register(definition);
    return new ReadModel(this, definition);
  }

  /** Creates the table; a new version or a changed set of indexes or counted columns drops it and starts again from position 0. */
  register<State, Index extends string>(definition: ProjectionDefinition<State, Index>): Checkpoint {
    const columns = Object.keys(definition.indexes);
    for (const column of columns) if (!COLUMN.test(column)) throw new Error(`index name ${column} must be alphanumeric`);
    const counted = definition.counted ?? [];
    const schema = counted.length === 0 ? columns.join(',') : `${columns.join(',')} counted ${counted.join(',')}`;
    const table = tableOf(definition.name);
    this.definitions.set(definition.name, definition as unknown as ProjectionDefinition<unknown>);
    for (const key of [...this.statements.keys()].filter((k) => k.startsWith(`${definition.name}:`))) this.statements.delete(key);
    return this.db.transaction(() => {
      const existing = this.db
        .prepare<[string], { version: number; schema: string; position: number }>('SELECT version, schema, position FROM projection_checkpoints WHERE name = ?')
        .get(definition.name);
      if (existing && existing.version === definition.version && existing.schema === schema) {
        return { version: existing.version, position: BigInt(existing.position) };
      }
      this.db.exec(`DROP TABLE IF EXISTS ${table}; DROP TABLE IF EXISTS ${countsOf(table)}`);
      this.db.exec(createTableSql(table, columns));
      if (counted.length > 0) this.db.exec(createCountsSql(table, counted));
      this.createIndexes(definition.name);
      this.db
        .prepare('INSERT OR REPLACE INTO projection_checkpoints (name, version, schema, position) VALUES (?, ?, ?, 0)')
        .run(definition.name, definition.version, schema);
      return { version: definition.version, position: 0n };
    }).immediate();
  }

  /**
   * A rebuild writes every row several times: without the query indexes that is far cheaper,
   * and building them once at the end is a single sorted pass. Queries still work meanwhile, slower.
   */
  dropIndexes(name: string): void {
    for (const column of Object.keys(this.definition(name).indexes)) this.db.exec(`DROP INDEX IF EXISTS ${tableOf(name)}_${column}`);
  }

  createIndexes(name: string): void {
    const table = tableOf(name);
    // Each index reads the whole table: a cache that holds it keeps all but the first from reading the file
    // again (a tenth less time for 250 000 citizens, measured); back to the usual size after.
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${INDEX_BUILD_CACHE_KIB}`);
    try {
      for (const column of Object.keys(this.definition(name).indexes)) {
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}_${column} ON ${table} ("${column}", partition)`);
      }
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  /** Forget a projection's state so it is rebuilt from position 0 (same version). */
  reset(name: string): void {
    const definition = this.definition(name);
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM ${tableOf(name)}`);
      if (definition.counted?.length) this.db.exec(`DELETE FROM ${countsOf(tableOf(name))}`);
      this.db.prepare('UPDATE projection_checkpoints SET position = 0 WHERE name = ?').run(definition.name);
    }).immediate();
  }

  /**
   * Meanwhile queries see the table as it was (empty at position 0), not a partial one. A crash leaves only an
   * unused table behind, which the next finished rebuild drops; so does a rebuild that loses a race with another.
   */
  beginRebuild<State>(name: string): Rebuild<State> {
    const definition = this.definition(name);
    const counted = definition.counted ?? [];
    const table = tableOf(name);
    const rebuilding = `${table}${REBUILDING}${randomBytes(6).toString('hex')}`;
    // Its counts are kept beside it, from its own rows, and replace the read model's with it.
    const tables = counted.length > 0 ? [rebuilding, countsOf(rebuilding)] : [rebuilding];
    this.db.exec(createTableSql(rebuilding, Object.keys(definition.indexes)));
    if (counted.length > 0) this.db.exec(createCountsSql(rebuilding, counted));
    return {
      ...this.joinRebuild<State>(name, rebuilding),
      finish: (to) =>
        this.db.transaction(() => {
          this.assertStillAtZero(name);
          const leftOver = this.db
            .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
            .all()
            .filter((t) => t.name.startsWith(`${table}${REBUILDING}`) && !tables.includes(t.name));
          for (const other of [table, countsOf(table), ...leftOver.map((t) => t.name)]) this.db.exec(`DROP TABLE IF EXISTS ${other}`);
          this.db.exec(`ALTER TABLE ${rebuilding} RENAME TO ${table}`);
          if (counted.length > 0) this.db.exec(`ALTER TABLE ${countsOf(rebuilding)} RENAME TO ${countsOf(table)}`);
          this.db.prepare('UPDATE projection_checkpoints SET position = ? WHERE name = ?').run(Number(to), name);
        }).immediate(),
      abandon: () => this.db.exec(tables.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' ')),
    };
  }

  /** A writer into a rebuild's table that another store began. */
  joinRebuild<State>(name: string, table: string): RebuildWriter<State> {
    if (!new RegExp(`^${tableOf(name)}${REBUILDING}[0-9a-f]+$`).test(table)) throw new Error(`${table} is not a rebuild of ${name}`);
    const definition = this.definition(name);
    const columns = Object.entries(definition.indexes);
    const counted = this.countedIndexes(definition);
    const insert = this.db.prepare(`INSERT INTO ${table} VALUES (?, ?${columns.map(() => ', ?').join('')})`);
    const addCount = counted.length > 0 ? this.db.prepare(addCountSql(table, definition.counted!)) : undefined;
    return {
      table,
      write: (states) =>
        this.db.transaction(() => {
          this.assertStillAtZero(name);
          const counts = new CountChanges();
          for (const [partition, state] of states) {
            const values = columns.map(([, index]) => toSql(index(state)));
            insert.run(partition, JSON.stringify(state), ...values);
            if (addCount) counts.add(partition, counted.map((i) => values[i]), 1);
          }
          if (addCount) counts.save(addCount);
        }).immediate(),
    };
  }

  private assertStillAtZero(name: string): void {
    if (this.checkpoint(name).position !== 0n) throw new CheckpointMovedError(`${name} was rebuilt by another process meanwhile`);
  }

  /** The positions of the counted columns among the index columns, in the order they are declared in `counted`. */
  private countedIndexes(definition: ProjectionDefinition<unknown>): number[] {
    const columns = Object.keys(definition.indexes);
    return (definition.counted ?? []).map((column) => columns.indexOf(column));
  }

  checkpoint(name: string): Checkpoint {
    const row = this.statement(name, 'checkpoint', 'SELECT version, position FROM projection_checkpoints WHERE name = ?').get(name) as
      | { version: number; position: number }
      | undefined;
    if (!row) throw new Error(`projection ${name} is not registered`);
    return { version: row.version, position: BigInt(row.position) };
  }

  /** The states of these partitions that exist, LOAD_CHUNK keys to a query: a batch's loads cost a few statements, not one each. */
  load<State>(name: string, partitions: Iterable<string>): Map<string, State> {
    const keys = [...partitions];
    const states = new Map<string, State>();
    for (let start = 0; start < keys.length; start += LOAD_CHUNK) {
      const chunk = keys.slice(start, start + LOAD_CHUNK);
      // Padded to a power of two with its last key, so a handful of statements serve every size.
      const size = 2 ** Math.ceil(Math.log2(chunk.length));
      while (chunk.length < size) chunk.push(chunk[chunk.length - 1]);
      const select = this.statement(name, `load-${size}`, `SELECT partition, state FROM ${tableOf(name)} WHERE partition IN (${chunk.map(() => '?').join(', ')})`);
      for (const row of select.all(...chunk) as { partition: string; state: string }[]) states.set(row.partition, JSON.parse(row.state));
    }
    return states;
  }

  /**
   * Writes states and moves the checkpoint from `from` to `to` atomically, if nobody moved it meanwhile.
   * `before` holds the states as loaded: a state left as it was is not written, and a row's index entries
   * are rewritten only for the columns whose value changed (each costs as much as the row itself).
   */
  commit<State>(name: string, from: bigint, to: bigint, states: Map<string, State>, before: ReadonlyMap<string, State>): void {
    const definition = this.definition(name);
    const columns = Object.entries(definition.indexes);
    const counted = this.countedIndexes(definition);
    const counts = new CountChanges();
    const upsert = this.statement(
      name,
      'upsert',
      `INSERT INTO ${tableOf(name)} (partition, state${columns.map(([c]) => `, "${c}"`).join('')}) VALUES (?, ?${columns.map(() => ', ?').join('')})
       ON CONFLICT (partition) DO UPDATE SET state = excluded.state${columns.map(([c]) => `, "${c}" = excluded."${c}"`).join('')}`,
    );
    const move = this.statement(name, 'move', 'UPDATE projection_checkpoints SET position = ? WHERE name = ? AND position = ?');
    this.db.transaction(() => {
      if (move.run(Number(to), name, Number(from)).changes !== 1) throw new CheckpointMovedError(`checkpoint of ${name} moved`);
      for (const [partition, state] of states) {
        const previous = before.get(partition);
        if (previous === state) continue;
        const values = columns.map(([, index]) => toSql(index(state)));
        if (previous === undefined) {
          upsert.run(partition, JSON.stringify(state), ...values);
          if (counted.length > 0) counts.add(partition, counted.map((i) => values[i]), 1);
          continue;
        }
        const was = columns.map(([, index]) => toSql(index(previous)));
        const changed = columns.flatMap(([column], i) => (was[i] === values[i] ? [] : [column]));
        if (counted.some((i) => was[i] !== values[i])) {
          counts.add(partition, counted.map((i) => was[i]), -1);
          counts.add(partition, counted.map((i) => values[i]), 1);
        }
        const update = this.statement(
          name,
          `update:${changed.join(',')}`,
          `UPDATE ${tableOf(name)} SET state = ?${changed.map((c) => `, "${c}" = ?`).join('')} WHERE partition = ?`,
        );
        update.run(JSON.stringify(state), ...columns.flatMap(([column], i) => (changed.includes(column) ? [values[i]] : [])), partition);
      }
      if (counted.length > 0) counts.save(this.statement(name, 'add-count', addCountSql(tableOf(name), definition.counted!)));
      // IMMEDIATE: several processes may share this file; a deferred read-then-write fails at once under contention.
    }).immediate();
  }

  // The queries by name below serve the typed handles (`of(definition)`); the application uses those.

  get<State>(name: string, partition: string): State | undefined {
    return this.load<State>(name, [partition]).get(partition);
  }

  /** Equality filters on index columns, ordered by partition key: `after` is the last key seen (keyset paging). */
  find<State>(name: string, filter: Filter, options: { after?: string; limit: number }): Page<State> {
    const { where, params } = this.where(name, filter, { after: options.after });
    const rows = this.db
      .prepare(`SELECT partition, state FROM ${tableOf(name)}${whereSql(where)} ORDER BY partition LIMIT ?`)
      .all(...params, options.limit + 1) as { partition: string; state: string }[];
    const items = rows.slice(0, options.limit);
    const next = rows.length > options.limit ? items[items.length - 1].partition : null;
    return { items: items.map((r) => JSON.parse(r.state)), next };
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

  /** Position of a consumer that is not a projection (the Digital Post delivery); 0 before its first save. */
  consumerPosition(consumer: string): bigint {
    const row = this.statement('consumer-checkpoints', 'position', 'SELECT position FROM consumer_checkpoints WHERE name = ?').get(consumer) as
      | { position: number }
      | undefined;
    return BigInt(row?.position ?? 0);
  }

  saveConsumerPosition(consumer: string, position: bigint): void {
    this.statement('consumer-checkpoints', 'save', 'INSERT OR REPLACE INTO consumer_checkpoints (name, position) VALUES (?, ?)').run(consumer, Number(position));
  }

  countBy(name: string, column: string, filter: Filter = {}): Record<string, number> {
    this.assertColumn(name, column);
    if (this.isCounted(name, [column, ...filtered(filter)])) {
      const { where, params } = this.where(name, filter, { encode: asCountValue });
      const rows = this.db
        .prepare(`SELECT "${column}" AS value, SUM(${ROWS}) AS count FROM ${countsOf(tableOf(name))}${whereSql(where)} GROUP BY "${column}" HAVING SUM(${ROWS}) <> 0`)
        .all(...params) as { value: string; count: number }[];
      return Object.fromEntries(rows.map((r) => [String(JSON.parse(r.value)), r.count]));
    }
    const { where, params } = this.where(name, filter);
    const rows = this.db
      .prepare(`SELECT "${column}" AS value, COUNT(*) AS count FROM ${tableOf(name)}${whereSql(where)} GROUP BY "${column}"`)
      .all(...params) as { value: IndexValue; count: number }[];
    return Object.fromEntries(rows.map((r) => [String(r.value), r.count]));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** After every reader and writer has stopped (they stop before shutdown). */
  onApplicationShutdown(): void {
    this.close();
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

  private definition(name: string): ProjectionDefinition<unknown> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`projection ${name} is not registered`);
    return definition;
  }

  private statement(name: string, purpose: string, sql: string): Database.Statement {
    const key = `${name}:${purpose}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(key, statement);
    }
    return statement;
  }
}
