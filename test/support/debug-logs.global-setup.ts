import { rmSync } from 'node:fs';
import { E2E_LOG_FILE } from './debug-logs';

export default function debugLogsSetup(): void {
  rmSync(E2E_LOG_FILE, { force: true });
  process.env.LOG_FILE = E2E_LOG_FILE;
  process.env.LOG_LEVEL = 'debug';
}
