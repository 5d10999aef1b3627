import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a data folder keeps its business time between runs. */
export const CLOCK_FILE = 'business-clock.json';

/** What a data folder remembers of its business time. */
export interface ClockPosition {
  /** The CLOCK_START of the rehearsal the folder runs (ISO instant), or null for the real time. */
  start: string | null;
  /** Business time no process of this folder has handed out beyond (ISO instant): the next run starts at or after it. */
  reached: string;
}

/** The folder's business time cannot be what the settings ask: said in one line, with what to do. */
export class ClockRefused extends Error {}

export function readClockPosition(dir: string): ClockPosition | undefined {
  const file = join(dir, CLOCK_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new ClockRefused(`${file} cannot be read (${(error as { code?: string }).code ?? String(error)})`);
  }
  try {
    const position = JSON.parse(text) as Partial<ClockPosition>;
    if (
      (position.start === null || typeof position.start === 'string') &&
      typeof position.reached === 'string' &&
      !Number.isNaN(Date.parse(position.reached))
    ) {
      return { start: position.start, reached: position.reached };
    }
  } catch {
    // Said below, with what to do.
  }
  throw new ClockRefused(`${file} is not a business-clock position; restore it from the backup, or remove it to start the clock as configured`);
}

/** Written whole or not at all: a crash mid-write leaves the position before. */
export function writeClockPosition(dir: string, position: ClockPosition): void {
  const file = join(dir, CLOCK_FILE);
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(position));
  renameSync(temporary, file);
}
