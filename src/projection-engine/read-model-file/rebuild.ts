import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { ProjectionDefinition } from '../../../projections/projection';
import { CountChanges, SqlValue, addCountSql, countsOf, createCountsSql, toSql } from './counts';
import { REBUILDING, countedIndexes, createIndexSql, createTableSql, tableOf } from './tables';

/** Writes rows into the table of a rebuild from position 0, which replaces the read model's table when finished. */
export interface RebuildWriter<State> {
  /** The table being filled: another thread or process can write its share of the rows into it (`joinRebuild`). */
  readonly table: string;
  /**
   * Rows, each partition once in the whole rebuild. Fails with CheckpointMovedError once another rebuild has finished first.
   * `turn` keeps the writers of one rebuild from writing at once (`inTurn`): the rows are made ready before it.
   */
  write(states: ReadonlyMap<string, State>, turn?: Turn): void;
}

/** Runs a write while no other writer of the rebuild writes. */
export type Turn = (write: () => void) => void;
const alone: Turn = (write) => write();

/**
 * A writer copies the write-ahead log into the file itself after this many rows, outside its turn: as a commit,
 * the copy and its sync would hold up the other writer (docs/benchmarks.md). About SQLite's own interval.
 */
const ROWS_BETWEEN_CHECKPOINTS = 20_000;
/**
 * SQLite's default interval, in pages, of the copies a commit makes: what a rebuild gives back, not the value it
 * found, since two read models rebuilding on one connection would each find the other's 0.
 */
const AUTOCHECKPOINT_PAGES = 1000;

export interface Rebuild<State> extends RebuildWriter<State> {
  /** Swaps the new table in and moves the checkpoint from 0 to `to`, in one transaction. */
  finish(to: bigint): void;
  /** Drops the unfinished table. */
  abandon(): void;
}

/** What a rebuild needs of the file: its connection, and a check that nobody else finished a rebuild meanwhile. */
export interface RebuildFile {
  db: Database.Database;
  assertStillAtZero(name: string): void;
}

/**
 * Meanwhile queries see the table as it was (empty at position 0), not a partial one. A crash leaves only an
 * unused table behind, which the next finished rebuild drops; so does a rebuild that loses a race with another.
 */
export function beginRebuild<State>(file: RebuildFile, definition: ProjectionDefinition<unknown>): Rebuild<State> {
  const { db } = file;
  const { name } = definition;
  const counted = definition.counted ?? [];
  const table = tableOf(name);
  const token = randomBytes(6).toString('hex');
  const rebuilding = `${table}${REBUILDING}${token}`;
  // Its counts are kept beside it, from its own rows, and replace the read model's with it.
  const tables = counted.length > 0 ? [rebuilding, countsOf(rebuilding)] : [rebuilding];
  const columns = Object.keys(definition.indexes);
  db.exec(createTableSql(rebuilding, columns));
  if (counted.length > 0) db.exec(createCountsSql(rebuilding, counted));
  // Kept up as the rows go in, by both writers, rather than built after them on one thread. Named apart, as the
  // read model's table keeps its own until the swap (ReadModelStore.createIndexes goes by column).
  for (const column of columns) db.exec(createIndexSql(`${table}_${column}_${token}`, rebuilding, column));
  const ended = () => db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  return {
    ...joinRebuild<State>(file, definition, rebuilding),
    finish: (to) => {
      ended();
      db.transaction(() => {
        file.assertStillAtZero(name);
        const leftOver = db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all()
          .filter((t) => t.name.startsWith(`${table}${REBUILDING}`) && !tables.includes(t.name));
        for (const other of [table, countsOf(table), ...leftOver.map((t) => t.name)]) db.exec(`DROP TABLE IF EXISTS ${other}`);
        db.exec(`ALTER TABLE ${rebuilding} RENAME TO ${table}`);
        if (counted.length > 0) db.exec(`ALTER TABLE ${countsOf(rebuilding)} RENAME TO ${countsOf(table)}`);
        db.prepare('UPDATE projection_checkpoints SET position = ? WHERE name = ?').run(Number(to), name);
      }).immediate();
    },
    abandon: () => {
      ended();
      db.exec(tables.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' '));
    },
  };
}

/** A writer into a rebuild's table that another store began. */
export function joinRebuild<State>(file: RebuildFile, definition: ProjectionDefinition<unknown>, table: string): RebuildWriter<State> {
  const { db } = file;
  const { name } = definition;
  if (!new RegExp(`^${tableOf(name)}${REBUILDING}[0-9a-f]+$`).test(table)) throw new Error(`${table} is not a rebuild of ${name}`);
  const columns = Object.entries(definition.indexes);
  const counted = countedIndexes(definition);
  const insert = db.prepare(`INSERT INTO ${table} VALUES (?, ?${columns.map(() => ', ?').join('')})`);
  const addCount = counted.length > 0 ? db.prepare(addCountSql(table, definition.counted!)) : undefined;
  // Its own checkpoints instead (ROWS_BETWEEN_CHECKPOINTS); `finish` and `abandon` give the connection SQLite's back.
  db.pragma('wal_autocheckpoint = 0');
  let sinceCheckpoint = 0;
  return {
    table,
    write: (states, turn = alone) => {
      const rows: SqlValue[][] = [];
      const counts = new CountChanges();
      for (const [partition, state] of states) {
        const values = columns.map(([, index]) => toSql(index(state)));
        rows.push([partition, JSON.stringify(state), ...values]);
        if (addCount)
          counts.add(
            partition,
            counted.map((i) => values[i]),
            1,
          );
      }
      turn(() =>
        db
          .transaction(() => {
            file.assertStillAtZero(name);
            for (const row of rows) insert.run(row);
            if (addCount) counts.save(addCount);
          })
          .immediate(),
      );
      sinceCheckpoint += rows.length;
      if (sinceCheckpoint >= ROWS_BETWEEN_CHECKPOINTS) {
        // PASSIVE: copies what no reader still needs, and never waits for the other writer.
        db.pragma('wal_checkpoint(PASSIVE)');
        sinceCheckpoint = 0;
      }
    },
  };
}
