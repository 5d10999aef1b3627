import { join } from 'node:path';
import type { Environment } from '../config/environment';
import { prepareDataDir } from '../storage/sqlite-file';
import { lockWaitFor } from '../storage/write-lock';
import { CitizenKeyStore, KEYS_FILE } from './citizen-key-store';
import { EsdbCitizenKeyStore } from './esdb-citizen-key-store';
import { SqliteCitizenKeyStore } from './sqlite-citizen-key-store';

/** Beside the events: on EventStoreDB when EVENT_STORE_URL is set, else `keys.sqlite` in DATA_DIR. */
export function openCitizenKeyStore(
  environment: Pick<Environment, 'EVENT_STORE_URL' | 'DATA_DIR'> & Partial<Pick<Environment, 'WEB_CONCURRENCY'>>,
): CitizenKeyStore {
  if (environment.EVENT_STORE_URL) return new EsdbCitizenKeyStore(environment.EVENT_STORE_URL);
  prepareDataDir(environment.DATA_DIR);
  return new SqliteCitizenKeyStore(join(environment.DATA_DIR, KEYS_FILE), lockWaitFor(environment));
}
