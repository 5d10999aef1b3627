import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { join } from 'node:path';
import { validateEnvironment } from '../config/environment';
import { EVENTS_FILE } from '../event-store/open-event-store';
import { READ_MODELS_FILE } from '../read-models/read-models.module';
import { BackupRefused, backupFile, checkFile } from '../storage/store-maintenance';
import { UsageError } from './shared';
import { printOutcome } from './output';

function embeddedStoreFiles(): { dataDir: string; events: string; readModels: string } {
  const environment = validateEnvironment(process.env);
  if (environment.EVENT_STORE_URL) throw new UsageError('EVENT_STORE_URL is set: EventStoreDB is checked and backed up with its own tools, not this command');
  return { dataDir: environment.DATA_DIR, events: join(environment.DATA_DIR, EVENTS_FILE), readModels: join(environment.DATA_DIR, READ_MODELS_FILE) };
}

async function storeCheck(): Promise<void> {
  const files = embeddedStoreFiles();
  const results = [files.events, files.readModels].map(checkFile);
  const absent = { [files.events]: 'not there (nothing stored yet)', [files.readModels]: 'not there (rebuilt from the events at the next start)' };
  const found = results.map((result) => ({ file: result.file, state: result.absent ? absent[result.file] : (result.problem ?? 'ok') }));
  printOutcome(found, ...found.map(({ file, state }) => `${file}: ${state}`));
  if (results.some((result) => result.problem)) process.exitCode = 1;
}

async function storeBackup(destination: string): Promise<void> {
  const { events } = embeddedStoreFiles();
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
    printOutcome({ from: events, to: destination, integrityCheck: 'ok' }, `backed up ${events} to ${destination} (integrity check: ok)`);
  } finally {
    bar.stop();
  }
}

export function storeCommands(program: Command): void {
  const store = program.command('store').description('the embedded store (DATA_DIR): integrity check and online backup');
  store.command('check').description("SQLite's full integrity check of events.sqlite and read-models.sqlite (exit 1 if damaged)").action(storeCheck);
  store
    .command('backup')
    .argument('<file>', 'a new file for the copy')
    .description('an online, consistent copy of events.sqlite, taken while the service runs, then checked')
    .action(storeBackup);
}
