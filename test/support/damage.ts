import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { EventStore } from '../../src/event-store/event-store';
import { testEvent } from './events';

/** Overwrites the start of the page at `fraction` of a file, as a failing disk would: the file's header stays whole. */
export function damagePage(file: string, fraction: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, Math.floor((statSync(file).size * fraction) / 4096) * 4096);
  closeSync(fd);
}

/** Ten events of about 400 bytes in each of `streams` streams: a file of many pages. */
export async function fillStore(store: EventStore, streams: number): Promise<void> {
  for (let s = 0; s < streams; s++)
    await store.append(
      `s-${s}`,
      Array.from({ length: 10 }, () => testEvent('Filled', { text: 'x'.repeat(400) })),
    );
}
