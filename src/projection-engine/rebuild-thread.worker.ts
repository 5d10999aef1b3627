import { parentPort, workerData } from 'node:worker_threads';
import { PROJECTIONS } from '../../projections';
import { eventsFoldedBy } from '../../projections/projection';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ReadModelStore } from './read-model-store';
import type { FromRebuildThread, RebuildThreadData } from './rebuild-thread';
import { StreamRange, foldClaimedRanges, inTurn } from './stream-rebuild';

const port = parentPort;
if (!port) throw new Error('the rebuild thread runs as a worker thread only');
const { files, work, stop } = workerData as RebuildThreadData;
const reply = (message: FromRebuildThread) => port.postMessage(message);

void (async () => {
  // This connection only reads events: it never commits to the events file.
  const events = new SqliteEventStore({ path: files.eventsPath, checkPages: false });
  const readModels = new ReadModelStore(files.readModelsPath, { checkPages: false });
  try {
    const definition = PROJECTIONS.find((d) => d.name === work.projection);
    if (!definition) throw new Error(`no projection is named ${work.projection}`);
    readModels.register(definition);
    const writer = readModels.joinRebuild(definition.name, work.table);
    const read = (streamIds: StreamRange) => events.readStreamsInOrder({ ...eventsFoldedBy(definition), toPosition: BigInt(work.toPosition), streamIds });
    const complete = await foldClaimedRanges(definition, work.ranges, work.claim, read, {
      batchSize: work.batchSize,
      write: (rows, folded) => {
        writer.write(rows, (write) => inTurn(work.writing, write));
        reply({ kind: 'progress', events: folded });
      },
      stopped: () => Atomics.load(stop, 0) === 1,
    });
    reply(complete ? { kind: 'done' } : { kind: 'failed', error: 'stopped' });
  } catch (error) {
    reply({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
  } finally {
    readModels.close();
    await events.close();
  }
})();
