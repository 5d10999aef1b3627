import { close, fsync, open } from 'node:fs';
import { promisify } from 'node:util';

const openAsync = promisify(open);
const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);

/** fsync of a folder, so the names created in it (a rename) survive a power loss. */
export async function syncFolder(folder: string): Promise<void> {
  const fd = await openAsync(folder, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    await closeAsync(fd);
  }
}

/**
 * Group sync of one folder: every caller waits for a sync that started after its own rename, and
 * callers that arrive while one runs share the next. Thousands of letters in flight cost a few syncs.
 */
export class FolderSync {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly folder: string,
    private readonly sync: (folder: string) => Promise<void> = syncFolder,
  ) {}

  /** Resolves once the folder has been synced after this call. */
  flush(): Promise<void> {
    if (!this.running) return this.start();
    this.next ??= this.running.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  private start(): Promise<void> {
    this.next = undefined;
    const run = this.sync(this.folder).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
