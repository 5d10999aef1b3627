import { DiskFull, isDiskFull } from '../../storage/data-disk';
import { StorageFault, damageOf } from '../../storage/sqlite-file';

export const EVENTS_FILE_REMEDY = 'stop the service, run `npm run cli -- store check` and restore the last backup (docs/operations.md: Backups)';

/**
 * What an embedded file's errors mean (the events', the keys'). Damage is remembered and reported as such on every later call (and in
 * /health): writing on into a damaged file would spread it. A full disk is said as such (the transaction
 * rolled back whole, and the next commit tries again); any other error passes unchanged.
 */
export class FileFaults {
  /** Set once SQLite reports damaged pages. */
  damage: StorageFault | undefined;

  constructor(
    private readonly path: string,
    private readonly remedy = EVENTS_FILE_REMEDY,
  ) {}

  /** Throws the damage if there is any. */
  check(): void {
    if (this.damage) throw this.damage;
  }

  reading<T>(read: () => T): T {
    this.check();
    try {
      return read();
    } catch (error) {
      throw this.noted(error);
    }
  }

  noted(error: unknown): unknown {
    if (isDiskFull(error)) return new DiskFull();
    const damage = damageOf(this.path, error, this.remedy);
    if (!damage) return error;
    this.damage ??= damage;
    return this.damage;
  }
}
