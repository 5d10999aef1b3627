import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectionDefinition } from '../../../projections/projection';
import { beginRebuild } from './rebuild';
import { createTableSql, tableOf } from './tables';

/** A read model of one number per stream, indexed and counted on whether it is even. */
const tally: ProjectionDefinition<{ n: number }> = {
  name: 'tally',
  version: 1,
  streamPrefixes: ['tally-'],
  init: () => ({ n: 0 }),
  when: {},
  indexes: { even: (state) => state.n % 2 === 0 },
  counted: ['even'],
};

const otherTally: ProjectionDefinition<{ n: number }> = { ...tally, name: 'other-tally' };

describe("a rebuild's table", () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-rebuild-'));
    db = new Database(join(dir, 'read-models.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec(createTableSql(tableOf(tally.name), ['even']));
    db.exec(createTableSql(tableOf(otherTally.name), ['even']));
    db.exec(
      "CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL); INSERT INTO projection_checkpoints VALUES ('tally', 0), ('other-tally', 0)",
    );
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true });
  const rebuildOf = (rows: number, definition = tally) => {
    const rebuild = beginRebuild<{ n: number }>({ db, assertStillAtZero: () => undefined }, definition as ProjectionDefinition<unknown>);
    rebuild.write(new Map(Array.from({ length: rows }, (_, n) => [`tally-${n}`, { n }])));
    return rebuild;
  };

  it("turns SQLite's automatic copies of the log off while it is filled (its writers copy it), and back on when swapped in", () => {
    const rebuild = rebuildOf(10);
    expect(autocheckpoint()).toBe(0);
    rebuild.finish(10n);
    expect(autocheckpoint()).toBe(1000);
    expect(
      db
        .prepare(`SELECT COUNT(*) FROM ${tableOf(tally.name)} WHERE even = 1`)
        .pluck()
        .get(),
    ).toBe(5);
  });

  it('gives the connection back its automatic copies when abandoned', () => {
    rebuildOf(10).abandon();
    expect(autocheckpoint()).toBe(1000);
  });

  it('gives them back when two read models rebuilt on one connection overlap', () => {
    const first = rebuildOf(10);
    const second = rebuildOf(10, otherTally);
    first.finish(10n);
    second.finish(10n);
    expect(autocheckpoint()).toBe(1000);
  });
});
