import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { validateEnvironment } from '../config/environment';
import { EVENTS_FILE } from '../event-store/open-event-store';
import { READ_MODELS_FILE } from '../read-models/read-models.module';
import { BackupRefused, backupFile, checkFile } from '../storage/store-maintenance';
import { KEYS_FILE } from '../personal-data/citizen-key-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { SqliteCitizenKeyStore } from '../personal-data/sqlite-citizen-key-store';
import { keysErasuresLeft } from '../retention/erasures';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { loadPersonalDataKeys } from '../personal-data/keys';
import { PersonalDataProtector } from '../personal-data/personal-data-protector';
import { resealLegacyValues } from '../personal-data/reseal';
import { UsageError } from './shared';
import { printOutcome } from './output';

function embeddedStoreFiles(): { dataDir: string; events: string; readModels: string; keys: string } {
  const environment = validateEnvironment(process.env);
  if (environment.EVENT_STORE_URL) throw new UsageError('EVENT_STORE_URL is set: EventStoreDB is checked and backed up with its own tools, not this command');
  const { DATA_DIR } = environment;
  return { dataDir: DATA_DIR, events: join(DATA_DIR, EVENTS_FILE), readModels: join(DATA_DIR, READ_MODELS_FILE), keys: join(DATA_DIR, KEYS_FILE) };
}

/** Keys the log's erasures destroyed that keys.sqlite still holds (restored from an older backup): the next start destroys them. */
async function keysLeftBehind(files: { events: string; keys: string }): Promise<number> {
  if (!existsSync(files.events) || !existsSync(files.keys)) return 0;
  const store = new SqliteEventStore({ path: files.events });
  const keys = new SqliteCitizenKeyStore(files.keys);
  try {
    return await keysErasuresLeft(store, keys);
  } finally {
    await keys.close();
    await store.close();
  }
}

async function storeCheck(): Promise<void> {
  const files = embeddedStoreFiles();
  const results = [files.events, files.readModels, files.keys].map(checkFile);
  const absent = {
    [files.events]: 'not there (nothing stored yet)',
    [files.readModels]: 'not there (rebuilt from the events at the next start)',
    [files.keys]: 'not there (no personal data stored yet, or the key store is lost: restore it from the latest backup)',
  };
  const found = results.map((result) => ({ file: result.file, state: result.absent ? absent[result.file] : (result.problem ?? 'ok') }));
  const damaged = results.some((result) => result.problem);
  const left = damaged ? 0 : await keysLeftBehind(files);
  if (left > 0) {
    const state = `still holds ${left} key(s) that recorded erasures destroyed (restored from an older backup?): the service destroys them again at its next start`;
    found[2] = { file: files.keys, state };
  }
  printOutcome(found, ...found.map(({ file, state }) => `${file}: ${state}`));
  if (damaged || left > 0) process.exitCode = 1;
}

/** The key store's copy beside the events' copy: `backup.sqlite` -> `backup.keys.sqlite`. */
const keysBackupOf = (destination: string) => `${destination.replace(/\.sqlite$/, '')}.keys.sqlite`;

async function storeBackup(destination: string): Promise<void> {
  const { events, keys } = embeddedStoreFiles();
  const keysDestination = keysBackupOf(destination);
  const bar = new SingleBar({ format: 'backup {bar} {percentage}% | {value}/{total} pages', stream: process.stderr }, Presets.shades_classic);
  bar.start(1, 0);
  try {
    const result = await backupFile(events, destination, (copied, total) => {
      bar.setTotal(total);
      bar.update(copied);
    }).catch((error: unknown) => {
      throw error instanceof BackupRefused ? new UsageError(error.message) : error;
    });
    bar.stop();
    if (result.problem) throw new Error(`the copy in ${destination} failed its integrity check: ${result.problem}`);
    // After the events: every key an event in the copy names was stored before it, so it is in this later copy.
    const keysResult = existsSync(keys) ? await backupFile(keys, keysDestination) : undefined;
    if (keysResult?.problem) throw new Error(`the copy in ${keysDestination} failed its integrity check: ${keysResult.problem}`);
    printOutcome(
      { from: events, to: destination, keysTo: keysResult ? keysDestination : null, integrityCheck: 'ok' },
      `backed up ${events} to ${destination} (integrity check: ok)`,
      ...(keysResult ? [`backed up ${keys} to ${keysDestination} (integrity check: ok)`] : []),
    );
  } finally {
    bar.stop();
  }
}

/** Values sealed with a master key before per-citizen keys, sealed again with each citizen's key (resumable: run it again). */
async function storeReseal(): Promise<void> {
  const files = embeddedStoreFiles();
  if (!existsSync(files.events)) throw new UsageError(`${files.events} does not exist: nothing stored yet`);
  const environment = validateEnvironment(process.env);
  const master = loadPersonalDataKeys(environment, { production: environment.NODE_ENV === 'production', dataDir: environment.DATA_DIR, warn: () => undefined });
  const keys = new SqliteCitizenKeyStore(files.keys);
  const bar = new SingleBar(
    { format: 'reseal {bar} {percentage}% | {value}/{total} events | {resealed} values', stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(1, 0, { resealed: 0 });
  try {
    const done = await resealLegacyValues(files.events, new CitizenCipher(new PersonalDataProtector(master), keys), (progress) => {
      bar.setTotal(Math.max(progress.total, 1));
      bar.update(progress.scanned, { resealed: progress.resealed });
    });
    bar.stop();
    printOutcome(done, `${done.resealed} values sealed with their citizen's own key (${done.total} events with personal values looked at)`);
  } finally {
    bar.stop();
    await keys.close();
  }
}

export function storeCommands(program: Command): void {
  const store = program.command('store').description('the embedded store (DATA_DIR): integrity check, online backup, resealing old values');
  store
    .command('check')
    .description(
      "SQLite's full integrity check of events.sqlite, read-models.sqlite and keys.sqlite, and no key left that an erasure destroyed (exit 1 if not)",
    )
    .action(storeCheck);
  store
    .command('backup')
    .argument('<file>', 'a new file for the copy')
    .description('an online, consistent copy of events.sqlite and then of keys.sqlite (to <file>.keys.sqlite), taken while the service runs, then checked')
    .action(storeBackup);
  store
    .command('reseal')
    .description("seal the personal values stored before per-citizen keys with each citizen's own key, in place (once; run it again after a stop)")
    .action(storeReseal);
}
