import { existsSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join, sep } from 'node:path';
import { projectRoot } from '../config/project-root';

/** Where `vite build` puts the pages (see vite.config.ts). */
export const WEB_ASSETS_DIR = join(projectRoot(__dirname), 'web', 'dist');

/** Hashed file names never change content: cached for a year. Pages are checked each time (they name the current files). */
function cacheHeaders(response: { setHeader(name: string, value: string): void }, path: string): void {
  response.setHeader('Cache-Control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * The pages, served by the service itself: `/` is the start page, `/agency` is agency.html and so on. A route
 * under every other (@fastify/static, as Nest serves files on Fastify): a path no page or API route has is the
 * API's 404. Not Express middleware, which would run through @fastify/middie before every API request.
 */
export function serveWebPages(app: NestFastifyApplication, warn: (message: string) => void): void {
  if (!existsSync(join(WEB_ASSETS_DIR, 'index.html'))) warn(`the pages are not built (no ${WEB_ASSETS_DIR}); run npm run build`);
  app.useStaticAssets({
    root: WEB_ASSETS_DIR,
    wildcard: true,
    index: 'index.html',
    extensions: ['html'],
    // Ours, from cacheHeaders: the library's own would be written over them.
    cacheControl: false,
    setHeaders: cacheHeaders,
    // The API docs register the library too, and only one may add reply.sendFile.
    decorateReply: false,
  });
}
