import type { Migration } from '../../storage/migrations';

/**
 * The read-model file's own tables, oldest first (see `storage/migrations.ts`). Each read model's table is
 * made by its registration, from its definition; a new version of a definition rebuilds it from the events.
 */
export const READ_MODEL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    does: 'a checkpoint per projection: its version, the index columns it was built with, and the position it has read to',
    up: (db) =>
      db.exec(
        'CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, schema TEXT NOT NULL, position INTEGER NOT NULL) WITHOUT ROWID',
      ),
  },
  {
    version: 2,
    does: 'drops the counts per column shared by every read model: each counted read model keeps its own beside its table',
    up: (db) => db.exec('DROP TABLE IF EXISTS read_model_counts; DROP TABLE IF EXISTS read_model_counted'),
  },
  {
    version: 3,
    does: "each projection's events it could not fold (dead letters) and what the operator chose to do when it stalls",
    up: (db) =>
      db.exec(
        `CREATE TABLE IF NOT EXISTS projection_faults (projection TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL,
           event_type TEXT NOT NULL, stream_id TEXT NOT NULL, error TEXT NOT NULL, failures INTEGER NOT NULL,
           first_failed_at TEXT NOT NULL, last_failed_at TEXT NOT NULL, state TEXT NOT NULL, decided_by TEXT, decided_at TEXT,
           PRIMARY KEY (projection, event_id)) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS projection_stall_policies (projection TEXT PRIMARY KEY, on_stall TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL) WITHOUT ROWID`,
      ),
  },
];
