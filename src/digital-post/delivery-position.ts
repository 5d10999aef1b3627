import type { OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../storage/sqlite-file';

import { DELIVERY_CONSUMER } from '../projection-engine/read-model-file/faults';

export { DELIVERY_CONSUMER };

/**
 * How far the delivery loop has read the log, kept in the read-model file beside the read models (and as
 * disposable as they are: without it the loop reads the letters again and skips each one already recorded).
 * Its own connection and its own table, which this class alone knows.
 */
export class DeliveryPosition implements OnApplicationShutdown {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(readModelsFile: string) {
    // The read-model store opened and checked the file first.
    this.db = openSqliteFile(readModelsFile, {
      remedy: 'stop the service and delete it: the read models are rebuilt from the events',
      synchronous: 'NORMAL',
      checkPages: false,
    });
    this.db.exec('CREATE TABLE IF NOT EXISTS consumer_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID');
    this.statements = {
      read: this.db.prepare<[string], number>('SELECT position FROM consumer_checkpoints WHERE name = ?').pluck(),
      save: this.db.prepare('INSERT OR REPLACE INTO consumer_checkpoints (name, position) VALUES (?, ?)'),
    };
  }

  /** 0 before the first save. */
  read(): bigint {
    return BigInt(this.statements.read.get(DELIVERY_CONSUMER) ?? 0);
  }

  save(position: bigint): void {
    this.statements.save.run(DELIVERY_CONSUMER, Number(position));
  }

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}
