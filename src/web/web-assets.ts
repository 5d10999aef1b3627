import { existsSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, sep } from 'node:path';
import serveStatic from 'serve-static';

/** The project folder (the one with package.json), from the sources or from their build in dist/. */
function projectRoot(from: string): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${from}`);
    folder = parent;
  }
  return folder;
}

/** Where `vite build` puts the pages (see vite.config.ts). */
export const WEB_ASSETS_DIR = join(projectRoot(__dirname), 'web', 'dist');

/** Hashed file names never change content: cached for a year. Pages are checked each time (they name the current files). */
function cacheHeaders(response: { setHeader(name: string, value: string): void }, path: string): void {
  response.setHeader('Cache-Control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/** The API's own paths: no page lives there, so asking the disk for one would only cost the API's requests time. */
const API_PATHS = '/api/';

/**
 * The pages, served by the service itself: `/` is the start page, `/agency` is agency.html and so on.
 * Anything else falls through to the API's routes (and their 404).
 */
export function serveWebPages(app: NestFastifyApplication, warn: (message: string) => void): void {
  if (!existsSync(join(WEB_ASSETS_DIR, 'index.html'))) warn(`the pages are not built (no ${WEB_ASSETS_DIR}); run npm run build:web`);
  const pages = serveStatic(WEB_ASSETS_DIR, { extensions: ['html'], index: 'index.html', setHeaders: cacheHeaders });
  app.use((request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) =>
    request.url!.startsWith(API_PATHS) ? next() : pages(request, response, next),
  );
}
