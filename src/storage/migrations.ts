import type Database from 'better-sqlite3';

/**
 * One step of a file's layout. Numbered from 1 without gaps; the file's `user_version` is the last one
 * applied. A step must also hold on a file that already has what it makes (files from before layouts were
 * numbered are at 0 whatever they hold): `IF NOT EXISTS`, `IF EXISTS`.
 */
export interface Migration {
  version: number;
  /** What the step changes, for the log and the tests. */
  does: string;
  up(db: Database.Database): void;
}

export interface Migrated {
  from: number;
  to: number;
}

/** The file was written by a newer version of the service. */
export class NewerLayout extends Error {}

export const schemaVersionOf = (db: Database.Database) => db.pragma('user_version', { simple: true }) as number;

/**
 * Brings the file to the newest layout, in one transaction that holds the write lock (another process
 * opening the file at the same moment waits, then finds it done). A file written by a newer version of the
 * service is refused, not read by rules that do not know its layout.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): Migrated {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) throw new Error(`migration ${migration.version} is out of order: expected ${i + 1}`);
  });
  const latest = migrations.length;
  return db
    .transaction((): Migrated => {
      const from = schemaVersionOf(db);
      if (from > latest) {
        throw new NewerLayout(
          `has layout ${from}, newer than this version of the service knows (${latest}): run the version that wrote it, or restore a backup`,
        );
      }
      for (const migration of migrations.slice(from)) migration.up(db);
      if (latest !== from) db.pragma(`user_version = ${latest}`);
      return { from, to: latest };
    })
    .immediate();
}
