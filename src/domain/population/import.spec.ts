import { deciderSpec } from '../../../test/support/decider-spec';
import { PopulationImportEvent, populationImportDecider } from './import';

const given = deciderSpec(populationImportDecider);
const metadata = { now: new Date('2021-08-02T10:00:00Z') };
const started: PopulationImportEvent = {
  type: 'PopulationImportStarted',
  data: { importId: 'abcdefghijklmnop', format: 'csv', name: 'register.csv', bytes: 1000 },
};
const counts = { read: 10, imported: 8, alreadyPresent: 1, rejected: 1 };
const batch = (line: number): PopulationImportEvent => ({
  type: 'PopulationImportProgressed',
  data: { through: { line, byte: line * 50 }, counts, rejects: [{ line: 3, field: 'cpr', reason: 'is missing' }], elapsedMs: 5 },
});

describe('a population import', () => {
  it('starts once: starting the same file again resumes it', () => {
    given([]).when({ type: 'StartImport', data: started.data, metadata }).then([started]);
    given([started]).when({ type: 'StartImport', data: started.data, metadata }).thenNothingHappens();
  });

  it('records a batch past the cursor, and ignores one at or before it (a retry after a crash)', () => {
    given([started])
      .when({ type: 'RecordImportBatch', data: batch(11).data as never, metadata })
      .then([batch(11)]);
    given([started, batch(11)])
      .when({ type: 'RecordImportBatch', data: batch(11).data as never, metadata })
      .thenNothingHappens();
  });

  it('adds the batches up and completes with the totals', () => {
    given([started, batch(11), batch(21)])
      .when({ type: 'CompleteImport', data: {}, metadata })
      .then([{ type: 'PopulationImportCompleted', data: { counts: { read: 20, imported: 16, alreadyPresent: 2, rejected: 2 } } }]);
  });

  it('takes no batch once complete', () => {
    const completed: PopulationImportEvent = { type: 'PopulationImportCompleted', data: { counts } };
    given([started, batch(11), completed])
      .when({ type: 'RecordImportBatch', data: batch(21).data as never, metadata })
      .thenRefusedBy('import-completed');
    given([started, batch(11), completed])
      .when({ type: 'CompleteImport', data: {}, metadata })
      .thenNothingHappens();
  });
});
