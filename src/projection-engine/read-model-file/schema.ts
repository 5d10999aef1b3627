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
];
