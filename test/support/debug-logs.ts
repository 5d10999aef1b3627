import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCpr } from '../../src/domain/cpr';

/**
 * The whole e2e suite runs with logging at debug into one file (every in-process app, and the
 * service and CLI processes the suites start inherit it); afterwards the file must hold no CPR number.
 */
export const E2E_LOG_FILE = join(tmpdir(), `overgang-e2e-${process.pid}.log`);

/**
 * Ten digits, with or without the dash, standing alone (not part of a longer number, id or hex string,
 * nor the fraction of a decimal number such as a metric's 0.0110108672 seconds), that form a real CPR date.
 */
const STANDALONE_CPR = /(?<![\w-]|\d\.)\d{6}-?\d{4}(?![\w-])/g;

export function cprNumbersIn(text: string): string[] {
  return [...text.matchAll(STANDALONE_CPR)].map((m) => m[0]).filter((candidate) => parseCpr(candidate).ok);
}

/** Which lines of a log hold a CPR number (line numbers only, so the report does not repeat them). */
export function linesWithCprNumbers(log: string): number[] {
  return log.split('\n').flatMap((line, i) => (cprNumbersIn(line).length > 0 ? [i + 1] : []));
}

export function readAndRemove(file: string): string {
  if (!existsSync(file)) return '';
  const log = readFileSync(file, 'utf8');
  rmSync(file);
  return log;
}
