import { storedEventsOf } from '../stored-events';
import type { Decider } from '../decider';
import { RuleViolated } from '../errors';
import type { Text } from '../text';

/** Counts of an import (or of one batch of it): every row read ends up in exactly one of the other three. */
export interface ImportCounts {
  read: number;
  imported: number;
  alreadyPresent: number;
  rejected: number;
}

/** A row that was not imported: its line, the column at fault and why; never the value itself. */
export interface ImportReject {
  line: number;
  field: string;
  /** Both languages; rejects recorded before they had both hold the English. */
  reason: Text | string;
}

export type RegisterFileFormat = 'csv' | 'ndjson';

/** Where the next batch starts: the last line taken, and the byte offset just after it. */
export interface ImportCursor {
  line: number;
  byte: number;
}

type Event<Type extends string, Data> = { type: Type; data: Data };
export type PopulationImportStarted = Event<
  'PopulationImportStarted',
  { importId: string; format: RegisterFileFormat; /** The file's name, with anything shaped like a CPR number blanked. */ name: string; bytes: number }
>;
export type PopulationImportProgressed = Event<
  'PopulationImportProgressed',
  { through: ImportCursor; counts: ImportCounts; rejects: ImportReject[]; /** Wall time this batch took, for the rate. */ elapsedMs: number }
>;
export type PopulationImportCompleted = Event<'PopulationImportCompleted', { counts: ImportCounts }>;
export type PopulationImportEvent = PopulationImportStarted | PopulationImportProgressed | PopulationImportCompleted;

/** `now` is business time, as for every decider's commands (the command handler sets it). */
type Command<Type extends string, Data> = { type: Type; data: Data; metadata: { now: Date } };
export type StartImport = Command<'StartImport', PopulationImportStarted['data']>;
export type RecordImportBatch = Command<'RecordImportBatch', PopulationImportProgressed['data']>;
export type CompleteImport = Command<'CompleteImport', Record<string, never>>;
export type PopulationImportCommand = StartImport | RecordImportBatch | CompleteImport;

export interface ImportFacts {
  importId: string;
  format: RegisterFileFormat;
  name: string;
  bytes: number;
  cursor: ImportCursor;
  totals: ImportCounts;
  elapsedMs: number;
}

export type PopulationImportState = { status: 'not-started' } | ({ status: 'running' } & ImportFacts) | ({ status: 'completed' } & ImportFacts);

/** An import once it has been recorded as started: what the agency follows. */
export type StartedImport = Exclude<PopulationImportState, { status: 'not-started' }>;

export const noCounts = (): ImportCounts => ({ read: 0, imported: 0, alreadyPresent: 0, rejected: 0 });

export const addCounts = (a: ImportCounts, b: ImportCounts): ImportCounts => ({
  read: a.read + b.read,
  imported: a.imported + b.imported,
  alreadyPresent: a.alreadyPresent + b.alreadyPresent,
  rejected: a.rejected + b.rejected,
});

const NOT_STARTED: Text = { da: 'indlæsningen er ikke startet', en: 'the import has not been started' };

function decide(command: PopulationImportCommand, state: PopulationImportState): PopulationImportEvent[] {
  switch (command.type) {
    case 'StartImport':
      // The import id names the file's content: starting it again is resuming it.
      return state.status === 'not-started' ? [{ type: 'PopulationImportStarted', data: command.data }] : [];
    case 'RecordImportBatch':
      if (state.status === 'not-started') throw new RuleViolated('import-not-started', NOT_STARTED);
      if (state.status === 'completed')
        throw new RuleViolated('import-completed', { da: 'indlæsningen er allerede færdig', en: 'the import is already complete' });
      // A batch at or before the cursor was recorded already (a retry after a crash): nothing to add.
      return command.data.through.line <= state.cursor.line ? [] : [{ type: 'PopulationImportProgressed', data: command.data }];
    case 'CompleteImport':
      if (state.status === 'not-started') throw new RuleViolated('import-not-started', NOT_STARTED);
      return state.status === 'completed' ? [] : [{ type: 'PopulationImportCompleted', data: { counts: state.totals } }];
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${(exhaustive as { type: string }).type}`);
    }
  }
}

function evolve(state: PopulationImportState, event: PopulationImportEvent): PopulationImportState {
  switch (event.type) {
    case 'PopulationImportStarted':
      return { status: 'running', ...event.data, cursor: { line: 1, byte: 0 }, totals: noCounts(), elapsedMs: 0 };
    case 'PopulationImportProgressed':
      if (state.status !== 'running') return state;
      return { ...state, cursor: event.data.through, totals: addCounts(state.totals, event.data.counts), elapsedMs: state.elapsedMs + event.data.elapsedMs };
    case 'PopulationImportCompleted':
      return state.status === 'running' ? { ...state, status: 'completed' } : state;
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}

export const populationImportDecider: Decider<PopulationImportCommand, PopulationImportEvent, PopulationImportState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'not-started' }),
};

/** An import's stream as stored. */
export const POPULATION_IMPORT_EVENTS = storedEventsOf<PopulationImportEvent>({
  PopulationImportStarted: true,
  PopulationImportProgressed: true,
  PopulationImportCompleted: true,
});

export const toPopulationImportEvent = POPULATION_IMPORT_EVENTS.read;

export const POPULATION_IMPORT_STREAM_PREFIX = 'population-import-';
export const populationImportStream = (importId: string) => `${POPULATION_IMPORT_STREAM_PREFIX}${importId}`;
/** Import ids are lower-case base32 (a-z, 2-7): safe in URLs and stream names, never a CPR number. */
export const IMPORT_ID_PATTERN = /^[a-z2-7]{16,32}$/;
