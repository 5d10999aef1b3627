import { lockWaitFor } from '../storage/write-lock';
import { join } from 'node:path';
import { Environment } from '../config/environment';
import { EventStore } from './event-store';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { RetryOptions } from './esdb/client-errors';
import { ResubscribeOptions } from './esdb/reconnect-backoff';
import { Commit, SqliteEventStore } from './sqlite/sqlite-event-store';
import { prepareDataDir } from '../storage/sqlite-file';

export const EVENTS_FILE = 'events.sqlite';

export interface EventStoreReporting {
  /** EventStoreDB: each dropped subscription, before it is opened again. */
  resubscribe?: ResubscribeOptions;
  /** EventStoreDB: each call tried again after a transient error. */
  retries?: RetryOptions;
  /** The embedded store: each commit (EventStoreDB commits on its server). */
  onCommit?: (commit: Commit) => void;
}

/** The configured adapter: EventStoreDB when EVENT_STORE_URL is set, else the embedded SQLite file in DATA_DIR (read models live there either way). */
export function openEventStore(
  environment: Pick<Environment, 'EVENT_STORE_URL' | 'DATA_DIR' | 'SQLITE_SYNCHRONOUS'> & Partial<Pick<Environment, 'WEB_CONCURRENCY'>>,
  reporting: EventStoreReporting = {},
): EventStore {
  prepareDataDir(environment.DATA_DIR);
  if (environment.EVENT_STORE_URL)
    return new EsdbEventStore({ connectionString: environment.EVENT_STORE_URL, resubscribe: reporting.resubscribe, retries: reporting.retries });
  return new SqliteEventStore({
    path: join(environment.DATA_DIR, EVENTS_FILE),
    synchronous: environment.SQLITE_SYNCHRONOUS,
    onCommit: reporting.onCommit,
    lockWait: lockWaitFor(environment),
  });
}
