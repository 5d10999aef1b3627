import { IsoDate, addMonths, danishDateOf } from '../dates';
import { InvalidCommand, NotFound, RuleViolated } from '../errors';
import type { Text } from '../text';
import type { RetentionCommand } from './commands';
import type { DatedRetentionEvent, RetentionEvent } from './events';

export interface RetentionRun {
  runId: string;
  asOf: IsoDate;
  retentionYears: number;
  retiredBy: IsoDate;
  planned: number;
  forgotten: number;
  /** The last citizen id a batch reached; a resumed run goes on after it. */
  through?: string;
  startedAt: string;
  finishedAt?: string;
}

/** What a run as of a day would forget: a plan forgets no one. */
export interface RetentionPlan {
  asOf: IsoDate;
  retentionYears: number;
  /** Holders whose NemID was retired on or before this day are due. */
  retiredBy: IsoDate;
  holders: number;
  /** Of those, how many by the year their NemID was retired. */
  byRetirementYear: Record<string, number>;
}

/** Every run, newest last; at most one unfinished. */
export interface RetentionState {
  runs: RetentionRun[];
}

export const initialRetentionState = (): RetentionState => ({ runs: [] });
export const runningRun = (state: RetentionState): RetentionRun | undefined => state.runs.find((run) => run.finishedAt === undefined);

/** Why a run as of a day after today is refused; the agency's page says it in the same words before asking. */
export const runAhead = (today: IsoDate): Text => ({
  da: `må ikke ligge efter i dag (${today}): kun det, der er forfaldent, slettes`,
  en: `must not be after today (${today}): only what is due is erased`,
});

/** The holders a run as of this date forgets: retired on or before this day. */
export const retiredBy = (asOf: IsoDate, retentionYears: number): IsoDate => addMonths(asOf, -12 * retentionYears);

function requireRun(state: RetentionState, runId: string): RetentionRun {
  const run = state.runs.find((r) => r.runId === runId);
  if (!run) throw new NotFound({ da: 'der er ingen sletningskørsel med dette id', en: 'there is no retention run with this id' });
  return run;
}

export function decide(command: RetentionCommand, state: RetentionState): RetentionEvent[] {
  switch (command.type) {
    case 'StartRetentionRun': {
      const { runId, asOf, retentionYears, planned } = command.data;
      const today = danishDateOf(command.metadata.now);
      // retention-run-not-ahead: a plan may look ahead; only what is due today or before is forgotten.
      if (asOf > today) throw new InvalidCommand('asOf', runAhead(today));
      const running = runningRun(state);
      if (running?.runId === runId) return [];
      if (running) {
        throw new RuleViolated('one-retention-run-at-a-time', {
          da: `sletningskørslen pr. ${running.asOf} er ikke færdig; den fortsætter, før en ny startes`,
          en: `the retention run as of ${running.asOf} has not finished; it goes on before another starts`,
        });
      }
      return [{ type: 'RetentionRunStarted', data: { runId, asOf, retentionYears, retiredBy: retiredBy(asOf, retentionYears), planned } }];
    }
    case 'RecordRetentionBatch': {
      const run = requireRun(state, command.data.runId);
      if (run.finishedAt !== undefined || (run.through !== undefined && command.data.through <= run.through)) return [];
      return [{ type: 'RetentionBatchDone', data: command.data }];
    }
    case 'FinishRetentionRun': {
      const run = requireRun(state, command.data.runId);
      if (run.finishedAt !== undefined) return [];
      return [{ type: 'RetentionRunFinished', data: { runId: run.runId, finishedAt: command.metadata.now.toISOString() } }];
    }
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${(exhaustive as { type: string }).type}`);
    }
  }
}

export function evolve(state: RetentionState, event: DatedRetentionEvent): RetentionState {
  switch (event.type) {
    case 'RetentionRunStarted':
      return { runs: [...state.runs, { ...event.data, forgotten: 0, startedAt: event.occurredAt ?? '' }] };
    case 'RetentionBatchDone':
      return {
        runs: state.runs.map((run) =>
          run.runId === event.data.runId ? { ...run, forgotten: run.forgotten + event.data.forgotten, through: event.data.through } : run,
        ),
      };
    case 'RetentionRunFinished':
      return { runs: state.runs.map((run) => (run.runId === event.data.runId ? { ...run, finishedAt: event.data.finishedAt } : run)) };
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}
