import { rmSync } from 'node:fs';
import { E2E_LOG_FILE } from './debug-logs';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain script, shared with npm start and the CLI
const { ensureBuilt } = require('../../scripts/build.js') as { ensureBuilt: () => void };

export default function e2eSetup(): void {
  // The suites start the compiled service, CLI and simulator: built first if a source changed.
  ensureBuilt();
  rmSync(E2E_LOG_FILE, { force: true });
  process.env.LOG_FILE = E2E_LOG_FILE;
  process.env.LOG_LEVEL = 'debug';
}
