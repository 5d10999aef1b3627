import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project folder (the one with package.json), from the sources or from their build in dist/. */
export function projectRoot(from: string): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${from}`);
    folder = parent;
  }
  return folder;
}
