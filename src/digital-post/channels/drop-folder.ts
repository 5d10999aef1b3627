import { mkdirSync, readdirSync, rename, rmSync, writeFile } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { RenderedLetter } from '../letter-renderer';
import { DeliveryChannel, DeliveryOutcome } from './channel';

const TEMPORARY_PREFIX = '.partial-';
const writeFileAsync = promisify(writeFile);
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
 */
export class DropFolderChannel implements DeliveryChannel {
  readonly name = 'drop-folder';

  constructor(private readonly outbox: string) {
    for (const folder of ['digital-post', 'paper']) {
      const path = join(outbox, folder);
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
      await writeFileAsync(temporary, letter.body);
      await renameAsync(temporary, join(folder, letter.fileName));
      return { delivered: true, attempts: 1, failures: [] };
    } catch (error) {
      rmSync(temporary, { force: true });
      return { delivered: false, attempts: 1, failures: [`drop folder write failed: ${(error as NodeJS.ErrnoException).code ?? 'error'}`] };
    }
  }
}
