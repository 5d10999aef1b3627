import { close, fsync, mkdirSync, open, readdirSync, rename, rmSync, write } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { DiskFull, isDiskFull } from '../../storage/data-disk';
import { RenderedLetter } from '../letter-renderer';
import { DeliveryChannel, DeliveryOutcome } from './channel';
import { FolderSync } from './folder-sync';

const TEMPORARY_PREFIX = '.partial-';
const openAsync = promisify(open);
const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);
const renameAsync = promisify(rename);
/** `.partial-<pid>-<file>`: each process writes under its own names, so two deliverers never collide. */
const TEMPORARY = /^\.partial-(\d+)-/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes each letter to `<outbox>/digital-post/<uuid>.xml` or `<outbox>/paper/<uuid>.pdf`.
 * A file appears whole or not at all: it is written under a temporary name and renamed, so a
 * process killed mid-write leaves only a temporary file, removed at the next start. Re-delivering
 * a letter replaces its file with the same content (names come from the message UUID).
 *
 * A letter counts as delivered only once it would survive a power loss: its bytes are synced before the
 * rename and the folder after it (one folder sync serves every letter renamed before it started).
 */
export class DropFolderChannel implements DeliveryChannel {
  readonly name = 'drop-folder';
  /** A local write and two syncs; generous for a busy disk. */
  readonly longestDeliveryMs = 30_000;
  private readonly folderSyncs = new Map<string, FolderSync>();

  constructor(private readonly outbox: string) {
    for (const folder of ['digital-post', 'paper']) {
      const path = join(outbox, folder);
      this.folderSyncs.set(path, new FolderSync(path));
      mkdirSync(path, { recursive: true });
      for (const file of readdirSync(path)) {
        const writer = TEMPORARY.exec(file)?.[1];
        if (writer !== undefined && !isRunning(Number(writer))) rmSync(join(path, file), { force: true });
      }
    }
  }

  async deliver(letter: RenderedLetter): Promise<DeliveryOutcome> {
    const folder = join(this.outbox, letter.form);
    const temporary = join(folder, `${TEMPORARY_PREFIX}${process.pid}-${letter.fileName}`);
    try {
      // Callback fs on the thread pool: many letters in flight keep the disk busy while the main thread renders.
      await writeDurably(temporary, letter.body);
      await renameAsync(temporary, join(folder, letter.fileName));
      await this.folderSyncs.get(folder)!.flush();
      return { delivered: true, attempts: 1, failures: [] };
    } catch (error) {
      rmSync(temporary, { force: true });
      // Not the letter's failure: it is written when there is room, and nothing is recorded until then.
      if (isDiskFull(error)) throw new DiskFull({ da: 'udbakkens disk er fuld', en: 'the outbox disk is full' });
      return { delivered: false, attempts: 1, failures: [`drop folder write failed: ${(error as NodeJS.ErrnoException).code ?? 'error'}`] };
    }
  }
}

async function writeDurably(file: string, body: Buffer): Promise<void> {
  const fd = await openAsync(file, 'w');
  try {
    for (let written = 0; written < body.length;) written += (await writeAsync(fd, body, written, body.length - written)).bytesWritten;
    await fsyncAsync(fd);
  } finally {
    await closeAsync(fd);
  }
}
