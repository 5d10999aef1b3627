import {
  POPULATION_IMPORT_STREAM_PREFIX,
  PopulationImportState,
  StartedImport,
  populationImportDecider,
  toPopulationImportEvent,
} from '../src/domain/population';
import { ProjectedEvent, defineProjection } from './projection';

export interface PopulationImportRow {
  importId: string;
  /** The import's own fold (the decider's): the same state its command handler keeps. */
  import: StartedImport | null;
  startedAt: string | null;
  /** Who started it: the agency user, or the CLI. */
  startedBy: string | null;
}

const fold = (row: PopulationImportRow, event: ProjectedEvent): PopulationImportRow => {
  const state: PopulationImportState = populationImportDecider.evolve(row.import ?? populationImportDecider.initialState(), toPopulationImportEvent(event)!);
  return { ...row, import: state.status === 'not-started' ? null : state };
};

/** Every register import, for every agency user: file, who started it and when, its counts and status. */
export const populationImports = defineProjection<PopulationImportRow>()({
  name: 'population-imports',
  version: 1,
  streamPrefixes: [POPULATION_IMPORT_STREAM_PREFIX],
  partitionBy: { stream: (streamId) => streamId.slice(POPULATION_IMPORT_STREAM_PREFIX.length) },
  init: (importId) => ({ importId, import: null, startedAt: null, startedBy: null }),
  when: {
    PopulationImportStarted: (row, event) => ({ ...fold(row, event), startedAt: event.metadata.occurredAt, startedBy: event.metadata.actor.subject }),
    PopulationImportProgressed: fold,
    PopulationImportCompleted: fold,
  },
  indexes: { status: (row) => row.import?.status ?? null },
});
