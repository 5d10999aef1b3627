import { readFileSync } from 'node:fs';
import { IsoDate, isIsoDate } from '../domain/dates';
import { TransitionSchedule } from '../domain/transition';

/** A schedule to try: changes to the default dates (docs/facts.md), the deadline's moves, and when the update-info letters go. */
export interface SimulationSchedule {
  name: string;
  schedule: Partial<TransitionSchedule>;
  moves: { on: IsoDate; to: IsoDate; reason: string }[];
  updateInfoLettersOn?: IsoDate;
}

/** What happened: the deadline of 2022-06-30 moved on 2022-05-02 to 2022-10-31 (docs/facts.md). */
export const REAL_SCHEDULE: SimulationSchedule = {
  name: 'real',
  schedule: {},
  moves: [{ on: '2022-05-02', to: '2022-10-31', reason: 'pressure on Citizen Service (docs/facts.md)' }],
};

/** What was announced first: the deadline of 2022-06-30, never moved. */
export const ORIGINAL_SCHEDULE: SimulationSchedule = { name: 'original', schedule: {}, moves: [] };

export class ScheduleRefused extends Error {}

const DATE_FIELDS = ['deadline', 'codeCardsEnd', 'mitIdDkWithNemIdEnd', 'publicSelfServiceEnd', 'nemIdShutdown'] as const;
const isDate = (value: unknown): value is IsoDate => typeof value === 'string' && isIsoDate(value);

/** `real`, `original`, or a JSON file of the same shape; anything else is refused with the reason. */
export function scheduleNamed(name: string): SimulationSchedule {
  if (name === 'real') return REAL_SCHEDULE;
  if (name === 'original') return ORIGINAL_SCHEDULE;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(name, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScheduleRefused(code === 'ENOENT' ? `unknown schedule ${name}: give real, original or a JSON file` : `the schedule file ${name} is not JSON`);
  }
  return checkSchedule(parsed, name);
}

function checkSchedule(value: unknown, file: string): SimulationSchedule {
  const refuse = (reason: string) => new ScheduleRefused(`the schedule file ${file}: ${reason}`);
  if (typeof value !== 'object' || value === null) throw refuse('must be an object with name, schedule and moves');
  const { name, schedule = {}, moves = [], updateInfoLettersOn } = value as Record<string, unknown>;
  if (typeof name !== 'string' || !/^[a-z0-9-]{1,40}$/.test(name)) throw refuse('name must be 1-40 lower-case letters, digits or dashes');
  if (typeof schedule !== 'object' || schedule === null) throw refuse('schedule must be an object');
  const fields = schedule as Record<string, unknown>;
  for (const field of DATE_FIELDS)
    if (fields[field] !== undefined && !isDate(fields[field])) throw refuse(`schedule.${field} must be a date such as 2022-10-31`);
  if (
    fields.reminderDaysBefore !== undefined &&
    !(Array.isArray(fields.reminderDaysBefore) && fields.reminderDaysBefore.every((d) => Number.isInteger(d) && d >= 1 && d <= 365))
  ) {
    throw refuse('schedule.reminderDaysBefore must be a list of whole days from 1 to 365');
  }
  if (fields.finalWarningDaysBefore !== undefined && !(Number.isInteger(fields.finalWarningDaysBefore) && (fields.finalWarningDaysBefore as number) >= 0)) {
    throw refuse('schedule.finalWarningDaysBefore must be a whole number of days');
  }
  const isMove = (m: unknown): m is { on: string; to: string; reason: string } => {
    const move = m as { on?: unknown; to?: unknown; reason?: unknown } | null;
    return isDate(move?.on) && isDate(move?.to) && typeof move?.reason === 'string' && move.reason.trim() !== '';
  };
  if (!Array.isArray(moves) || !moves.every(isMove)) {
    throw refuse('moves must be a list of { "on": date, "to": date, "reason": text }');
  }
  if (updateInfoLettersOn !== undefined && !isDate(updateInfoLettersOn)) throw refuse('updateInfoLettersOn must be a date');
  return {
    name,
    schedule: fields as Partial<TransitionSchedule>,
    moves: moves as SimulationSchedule['moves'],
    updateInfoLettersOn: updateInfoLettersOn as IsoDate | undefined,
  };
}
