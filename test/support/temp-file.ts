import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A file with `content` in a folder of its own under the system's temporary folder; its path. */
export function tempFileWith(content: string, name = 'file.json'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'overgang-file-')), name);
  writeFileSync(path, content);
  return path;
}
