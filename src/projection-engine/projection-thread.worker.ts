import { Logger } from '@nestjs/common';
import { parentPort, workerData } from 'node:worker_threads';
import { PROJECTIONS } from '../../projections';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from './projection-engine';
import type { FromProjectionThread, ProjectionThreadData, ToProjectionThread } from './projection-thread';
import { startTracing, stopTracing } from '../tracing/tracing';
import { ReadModelStore } from './read-model-store';
import { RebuildThread } from './rebuild-thread';
import { repeatedFailureLog } from '../logging/repeated-failures';

const port = parentPort;
if (!port) throw new Error('the projection thread runs as a worker thread only');
const logger = new Logger('Projections');
const files = workerData as ProjectionThreadData;
if (files.tracing) startTracing(files.tracing);
// This connection only reads events: it never commits to the events file.
const events = new SqliteEventStore({ path: files.eventsPath, checkPages: false });
const readModels = new ReadModelStore(files.readModelsPath, { checkPages: false });
const engine = new ProjectionEngine(events, readModels, PROJECTIONS, {
  helper: new RebuildThread(files),
  onError: repeatedFailureLog(logger, 'projection'),
});
const reply = (message: FromProjectionThread) => port.postMessage(message);
void engine.start().then(() => reply({ kind: 'ready' }));

port.on('message', (message: ToProjectionThread) => {
  if (message.kind === 'appended') events.notifyAppended(message.committed);
  else if (message.kind === 'caught-up') {
    engine.caughtUp(message.name).then(
      () => reply({ kind: 'caught-up', id: message.id }),
      (error: unknown) => reply({ kind: 'caught-up', id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  } else {
    void (async () => {
      await engine.stop();
      await events.close();
      readModels.close();
      await stopTracing();
      port.close();
    })();
  }
});
