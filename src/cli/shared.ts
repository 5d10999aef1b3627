import { InvalidArgumentError } from 'commander';
import { openCitizenKeyStore } from '../personal-data/open-citizen-key-store';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { serviceClockFor } from '../clock/clock.module';
import { validateEnvironment } from '../config/environment';
import { isIsoDate } from '../domain/dates';
import { openEventStore } from '../event-store/open-event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { RebuildThread } from '../projection-engine/rebuild-thread';
import { READ_MODELS_FILE, embeddedFiles } from '../read-models/read-models.module';

/** A mistake the operator can fix: printed as one line, exit code 2 (so is a DomainError). */
export class UsageError extends Error {}

/** Who the CLI's commands are recorded as. */
export const CLI_CONTEXT = { actor: { role: 'agency', subject: 'cli' }, correlationId: randomUUID() };

/** The stores and clock the service uses, from the same settings (DATA_DIR, EVENT_STORE_URL, CLOCK_START ...). */
export function openStores() {
  const environment = validateEnvironment(process.env);
  const store = openEventStore(environment);
  const keys = openCitizenKeyStore(environment);
  const readModels = new ReadModelStore(join(environment.DATA_DIR, READ_MODELS_FILE));
  return {
    store,
    readModels,
    /** The citizens' data keys, beside the events. */
    keys,
    /** A second thread for rebuilds, where the store is the embedded one. */
    rebuildHelper: store instanceof SqliteEventStore ? new RebuildThread(embeddedFiles(environment.DATA_DIR)) : undefined,
    clock: serviceClockFor(environment, (error) =>
      console.error(`business time could not be saved in DATA_DIR: ${(error as { code?: string }).code ?? String(error)}`),
    ),
    close: async () => {
      readModels.close();
      await keys.close();
      await store.close();
    },
  };
}

/** A whole number in a range, as commander parses an option. */
export const wholeNumber = (min: number, max?: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || (max !== undefined && parsed > max)) {
    throw new InvalidArgumentError(max === undefined ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`);
  }
  return parsed;
};
export const positiveInteger = wholeNumber(1);

export const isoDate = (value: string) => {
  if (!isIsoDate(value)) throw new InvalidArgumentError('must be a calendar date such as 2022-10-31');
  return value;
};
