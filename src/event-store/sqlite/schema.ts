import type { Migration } from '../../storage/migrations';

/** The events file's layouts, oldest first (see `storage/migrations.ts`). */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    does: 'the events table: global position (rowid), a unique (stream_id, revision) index guarding concurrency, unique event ids',
    up: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS events (
          position INTEGER PRIMARY KEY,
          id TEXT NOT NULL,
          stream_id TEXT NOT NULL,
          revision INTEGER NOT NULL,
          type TEXT NOT NULL,
          data TEXT NOT NULL,
          metadata TEXT NOT NULL,
          recorded_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
        CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
      `),
  },
  {
    version: 2,
    does: "drops the table of streams' revisions: a stream's revision is its last entry in the (stream_id, revision) index",
    up: (db) => db.exec('DROP TABLE IF EXISTS streams'),
  },
];
