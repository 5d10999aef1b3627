'use strict';
/**
 * Builds the service (nest build, into dist/) and the pages (vite build, into web/dist/) when a source changed
 * since the last build, or always with `--force`. `npm ci` runs it once (prepare); `npm start`, the CLI and the
 * test suite run it first, so they never run an older build than the sources, and pay nothing when it is fresh.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const STAMP = join(ROOT, 'dist', '.built-from');
/** What a build is made from: a change to any of these makes the build stale. */
const INPUTS = ['src', 'projections', 'web', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'vite.config.ts'];
/** Outputs inside the inputs' folders. */
const SKIPPED = new Set(['dist', 'node_modules']);

/** The newest modification time of the inputs, specs left out (they are not built). */
function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIPPED.has(entry)) visit(join(path, entry));
      return;
    }
    if (!path.endsWith('.spec.ts')) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of INPUTS) visit(join(ROOT, input));
  return newest;
}

function isFresh(newest) {
  return existsSync(STAMP) && existsSync(join(ROOT, 'web', 'dist')) && Number(readFileSync(STAMP, 'utf8')) >= newest;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`overgang: the build failed (${[command, ...args].join(' ')}); see above`);
    process.exit(result.status ?? 1);
  }
}

/** Builds if a source is newer than the last build; says so on standard error, where a command's output is not. */
function ensureBuilt({ force = false } = {}) {
  const newest = newestInput();
  if (!force && isFresh(newest)) return;
  console.error(force ? 'overgang: building the service and the pages…' : 'overgang: the sources changed since the last build; building…');
  const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
  run(bin('nest'), ['build']);
  run(bin('vite'), ['build', '--logLevel', 'warn']);
  writeFileSync(STAMP, String(newest));
}

module.exports = { ensureBuilt };

if (require.main === module) ensureBuilt({ force: process.argv.includes('--force') });
