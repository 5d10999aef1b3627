import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOnce } from '../storage/create-once';

const DEV_TOKEN_SECRET_FILE = 'dev-token-secret';

/**
 * The HS256 secret for development and tests: AUTH_JWT_SECRET, or one generated once into the
 * data folder so `npm start` works without setup and `npm run cli -- token` mints tokens it accepts.
 */
export function loadTokenSecret(secret: string | undefined, options: { dataDir: string; warn?: (message: string) => void }): Uint8Array {
  if (secret) return new TextEncoder().encode(secret);
  const file = join(options.dataDir, DEV_TOKEN_SECRET_FILE);
  if (!existsSync(file) && createOnce(file, randomBytes(48).toString('base64url'))) {
    options.warn?.(`generated a development token secret in ${file}; mint tokens with npm run cli -- token`);
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}
