import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../config/project-root';
import type { CalibrationStep, Fitted } from './calibration';
import { ParameterName, ParameterValues, ParametersRefused, withValues } from './simulation-parameters';
import type { TargetRow } from './targets';

/** The fitted values `simulate` uses unless told otherwise: written by `simulate --calibrate`, kept in the repository. */
export const CALIBRATED_FILE = join(projectRoot(__dirname), 'simulation', 'calibrated.json');

/** What `--calibrate` writes: the fitted values, and how they were found. */
export interface ParametersFile {
  fitted: Fitted;
  calibration?: {
    method: string;
    citizens: number;
    seed: number;
    rounds: number;
    parameters: ParameterName[];
    schedule: string;
    misfit: number;
    fit: TargetRow[];
    steps: CalibrationStep[];
  };
}

/** The values a run uses, from `file` over the declared ones; a file that is missing or wrong is one line saying why. */
export function readParameters(file: string): ParameterValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ParametersRefused(code === 'ENOENT' ? `no parameters file ${file}` : `the parameters file ${file} is not JSON`);
  }
  const fitted = (parsed as { fitted?: unknown } | null)?.fitted;
  if (typeof fitted !== 'object' || fitted === null || Array.isArray(fitted))
    throw new ParametersRefused(`the parameters file ${file} must have "fitted": { "<parameter>": <number>, ... }`);
  return withValues(fitted as Record<string, unknown>, `the parameters file ${file}`);
}

/** The calibrated file when there is one, otherwise the declared values. */
export function defaultParameters(): ParameterValues {
  return existsSync(CALIBRATED_FILE) ? readParameters(CALIBRATED_FILE) : withValues({}, 'the declared values');
}

export function writeParameters(file: string, content: ParametersFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}
