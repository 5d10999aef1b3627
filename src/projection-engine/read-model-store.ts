import type { OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { openSqliteFile } from '../storage/sqlite-file';
import { IndexValue, ProjectionDefinition } from '../../projections/projection';
import { CountChanges, addCountSql, countsOf, createCountsSql, toSql } from './read-model-file/counts';
import { Filter, Page, ReadModelQueries } from './read-model-file/queries';
import { Rebuild, RebuildWriter, beginRebuild, joinRebuild } from './read-model-file/rebuild';
import { ProjectionFaults } from './read-model-file/faults';
import { READ_MODEL_MIGRATIONS } from './read-model-file/schema';
import { COLUMN, countedIndexes, createIndexSql, createTableSql, tableOf } from './read-model-file/tables';

export { UnknownIndexError } from './read-model-file/queries';
export type { Filter, Page } from './read-model-file/queries';
export type { Rebuild, RebuildWriter } from './read-model-file/rebuild';

/** Another process (the CLI, a second engine) moved the checkpoint: the batch is dropped and reading restarts. */
export class CheckpointMovedError extends Error {}

export interface Checkpoint {
  version: number;
  position: bigint;
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
/** Negative: in KiB (SQLite's convention), 64 MiB: as fast as a larger cache, in far less memory (docs/benchmarks.md). */
const INDEX_BUILD_CACHE_KIB = -65_536;
/**
 * A row is about 600 bytes of state and columns, held whole in the table's B-tree (WITHOUT ROWID): 4 KiB pages
 * hold six; 16 KiB pages make rebuilds and index builds faster (docs/benchmarks.md).
 */
const PAGE_SIZE = 16_384;
export const READ_MODELS_REMEDY = 'stop the service and delete it: the read models are rebuilt from the events';
/**
 * The read-model database: one table per projection (partition key, state JSON, one column per
 * declared index) and a checkpoint row per projection, written in the same transaction as the
 * states, so a batch is applied exactly once. Read models are disposable: synchronous NORMAL.
 */
export class ReadModelStore implements OnApplicationShutdown {
  private readonly db: Database.Database;
  private readonly definitions = new Map<string, ProjectionDefinition<unknown>>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly queries: ReadModelQueries;
  /** The events projections could not fold, and what to do when one stalls. */
  readonly faults: ProjectionFaults;

  /** `checkPages`: see `SqliteFileOptions`. */
  constructor(
    readonly path: string,
    { checkPages }: { checkPages?: boolean } = {},
  ) {
    // Read models are rebuilt from the events, so a crash may lose their last moments: NORMAL is enough.
    this.db = openSqliteFile(path, { remedy: READ_MODELS_REMEDY, synchronous: 'NORMAL', checkPages, pageSize: PAGE_SIZE, migrations: READ_MODEL_MIGRATIONS });
    this.queries = new ReadModelQueries(this.db, (name) => this.definition(name));
    this.faults = new ProjectionFaults(this.db);
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
    return this.db
      .transaction(() => {
        const existing = this.db
          .prepare<[string], { version: number; schema: string; position: number }>(
            'SELECT version, schema, position FROM projection_checkpoints WHERE name = ?',
          )
          .get(definition.name);
        if (existing && existing.version === definition.version && existing.schema === schema) {
          return { version: existing.version, position: BigInt(existing.position) };
        }
        this.db.exec(`DROP TABLE IF EXISTS ${table}; DROP TABLE IF EXISTS ${countsOf(table)}`);
        this.faults.supersede(definition.name);
        this.db.exec(createTableSql(table, columns));
        if (counted.length > 0) this.db.exec(createCountsSql(table, counted));
        this.createIndexes(definition.name);
        this.db
          .prepare('INSERT OR REPLACE INTO projection_checkpoints (name, version, schema, position) VALUES (?, ?, ?, 0)')
          .run(definition.name, definition.version, schema);
        return { version: definition.version, position: 0n };
      })
      .immediate();
  }

  /**
   * A rebuild in batches writes every row several times: without the query indexes that is far cheaper,
   * and building them once at the end is a single sorted pass. Queries still work meanwhile, slower.
   */
  dropIndexes(name: string): void {
    for (const index of this.indexesOf(name).keys()) this.db.exec(`DROP INDEX IF EXISTS ${index}`);
  }

  /** An index for each index column the read model's table lacks one for (a table a rebuild swapped in has its own). */
  createIndexes(name: string): void {
    const table = tableOf(name);
    const indexed = new Set(this.indexesOf(name).values());
    const missing = Object.keys(this.definition(name).indexes).filter((column) => !indexed.has(column));
    if (missing.length === 0) return;
    // Each index reads the whole table: a cache that holds it keeps all but the first from reading the file
    // again; back to the usual size after.
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${INDEX_BUILD_CACHE_KIB}`);
    try {
      for (const column of missing) this.db.exec(createIndexSql(`${table}_${column}`, table, column));
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  /** The query indexes of a read model's table, by name, each with the column it is on. */
  private indexesOf(name: string): Map<string, string> {
    const table = tableOf(name);
    const rows = this.db
      .prepare<[string], { index: string; column: string }>(
        "SELECT l.name AS 'index', i.name AS 'column' FROM pragma_index_list(?) AS l, pragma_index_info(l.name) AS i WHERE l.origin = 'c' AND i.seqno = 0",
      )
      .all(table);
    return new Map(rows.map((r) => [r.index, r.column]));
  }

  /** Forget a projection's state so it is rebuilt from position 0 (same version). */
  reset(name: string): void {
    const definition = this.definition(name);
    this.db
      .transaction(() => {
        this.db.exec(`DELETE FROM ${tableOf(name)}`);
        if (definition.counted?.length) this.db.exec(`DELETE FROM ${countsOf(tableOf(name))}`);
        this.db.prepare('UPDATE projection_checkpoints SET position = 0 WHERE name = ?').run(definition.name);
        this.faults.supersede(definition.name);
      })
      .immediate();
  }

  /** A rebuild from position 0 into a table of its own, swapped in when finished (see `read-model-file/rebuild.ts`). */
  beginRebuild<State>(name: string): Rebuild<State> {
    return beginRebuild<State>(this.rebuildFile, this.definition(name));
  }

  /** A writer into a rebuild's table that another store began. */
  joinRebuild<State>(name: string, table: string): RebuildWriter<State> {
    return joinRebuild<State>(this.rebuildFile, this.definition(name), table);
  }

  private get rebuildFile() {
    return { db: this.db, assertStillAtZero: (name: string) => this.assertStillAtZero(name) };
  }

  private assertStillAtZero(name: string): void {
    if (this.checkpoint(name).position !== 0n) throw new CheckpointMovedError(`${name} was rebuilt by another process meanwhile`);
  }

  checkpoint(name: string): Checkpoint {
    const row = this.statement(name, 'checkpoint', 'SELECT version, position FROM projection_checkpoints WHERE name = ?').get(name) as
      { version: number; position: number } | undefined;
    if (!row) throw new Error(`projection ${name} is not registered`);
    return { version: row.version, position: BigInt(row.position) };
  }

  /**
   * The log's other consumers that keep their position in this file (the Digital Post delivery, in one process): each
   * with its position. None before the first has saved one, nor on EventStoreDB's shared groups, which keep theirs there.
   */
  consumerPositions(): { name: string; position: bigint }[] {
    if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'consumer_checkpoints'").get()) return [];
    const rows = this.db.prepare('SELECT name, position FROM consumer_checkpoints ORDER BY name').all() as { name: string; position: number }[];
    return rows.map(({ name, position }) => ({ name, position: BigInt(position) }));
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
      const select = this.statement(
        name,
        `load-${size}`,
        `SELECT partition, state FROM ${tableOf(name)} WHERE partition IN (${chunk.map(() => '?').join(', ')})`,
      );
      for (const row of select.all(...chunk) as { partition: string; state: string }[]) states.set(row.partition, JSON.parse(row.state) as State);
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
    const counted = countedIndexes(definition);
    const counts = new CountChanges();
    const upsert = this.statement(
      name,
      'upsert',
      `INSERT INTO ${tableOf(name)} (partition, state${columns.map(([c]) => `, "${c}"`).join('')}) VALUES (?, ?${columns.map(() => ', ?').join('')})
       ON CONFLICT (partition) DO UPDATE SET state = excluded.state${columns.map(([c]) => `, "${c}" = excluded."${c}"`).join('')}`,
    );
    const move = this.statement(name, 'move', 'UPDATE projection_checkpoints SET position = ? WHERE name = ? AND position = ?');
    this.db
      .transaction(() => {
        if (move.run(Number(to), name, Number(from)).changes !== 1) throw new CheckpointMovedError(`checkpoint of ${name} moved`);
        for (const [partition, state] of states) {
          const previous = before.get(partition);
          if (previous === state) continue;
          const values = columns.map(([, index]) => toSql(index(state)));
          if (previous === undefined) {
            upsert.run(partition, JSON.stringify(state), ...values);
            if (counted.length > 0)
              counts.add(
                partition,
                counted.map((i) => values[i]),
                1,
              );
            continue;
          }
          const was = columns.map(([, index]) => toSql(index(previous)));
          const changed = columns.flatMap(([column], i) => (was[i] === values[i] ? [] : [column]));
          if (counted.some((i) => was[i] !== values[i])) {
            counts.add(
              partition,
              counted.map((i) => was[i]),
              -1,
            );
            counts.add(
              partition,
              counted.map((i) => values[i]),
              1,
            );
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
      })
      .immediate();
  }

  // The queries by name below serve the typed handles (`of(definition)`); the application uses those.

  get<State>(name: string, partition: string): State | undefined {
    return this.load<State>(name, [partition]).get(partition);
  }

  find<State>(name: string, filter: Filter, options: { after?: string; limit: number }): Page<State> {
    return this.queries.find<State>(name, filter, options);
  }

  count(name: string, filter: Filter, options: { after?: string } = {}): number {
    return this.queries.count(name, filter, options);
  }

  countBy(name: string, column: string, filter: Filter = {}): Record<string, number> {
    return this.queries.countBy(name, column, filter);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** After every reader and writer has stopped (they stop before shutdown). */
  onApplicationShutdown(): void {
    this.close();
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
