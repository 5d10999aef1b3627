import { E2E_LOG_FILE, linesWithCprNumbers, readAndRemove } from './debug-logs';

/** Fails the run if any e2e suite made the service log a CPR number, or if nothing was logged at debug. */
export default function debugLogsTeardown(): void {
  const log = readAndRemove(E2E_LOG_FILE);
  if (!log.includes('"level":20')) throw new Error(`no debug lines were logged to ${E2E_LOG_FILE}: the CPR leak check saw nothing`);
  const leaks = linesWithCprNumbers(log);
  if (leaks.length > 0) throw new Error(`CPR numbers in the e2e logs at debug, on ${leaks.length} line(s): ${leaks.slice(0, 20).join(', ')}`);
  console.log(`\nCPR leak check: ${log.split('\n').length} log lines at debug from the e2e suite, no CPR number`);
}
