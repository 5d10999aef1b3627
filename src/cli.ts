import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Command, CommanderError } from 'commander';
import { campaignCommands } from './cli/campaign';
import { populationCommands } from './cli/population';
import { projectionCommands } from './cli/projections';
import { scheduleCommands } from './cli/schedule';
import { printAsJson } from './cli/output';
import { UsageError } from './cli/shared';
import { ClockRefused } from './clock/clock-position';
import { storeCommands } from './cli/store';
import { retentionCommands } from './cli/retention';
import { tokenCommand } from './cli/token';
import { DomainError } from './domain/errors';

/** `npm run cli -- <group> <command>`: one file per command group in src/cli/. */
export function buildCli(): Command {
  const program = new Command('overgang').description('Operate Overgang from the command line (uses DATA_DIR like the service)');
  program.exitOverride();
  // Every command prints for people, or with --json one JSON document for scripts.
  program.option('--json', 'print the result as JSON, for scripts');
  program.hook('preAction', (_, command) => printAsJson(command.optsWithGlobals<{ json?: boolean }>().json === true));
  populationCommands(program);
  projectionCommands(program);
  campaignCommands(program);
  scheduleCommands(program);
  storeCommands(program);
  retentionCommands(program);
  tokenCommand(program);
  return program;
}

// Standard output is the commands' own (tables, CSV, tokens): the services' logs stay out of it unless asked for.
const verbose = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
Logger.overrideLogger(verbose ? ['fatal', 'error', 'warn', 'log', 'debug'] : ['fatal', 'error', 'warn']);

buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Commander has printed its one line (or the help); a mistake in the arguments is a usage error.
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    console.error(`overgang: ${error instanceof Error ? error.message : String(error)}`);
    // Refusals by a rule, bad values and a clock set before the folder's time are the operator's to fix, like bad arguments.
    process.exit(error instanceof UsageError || error instanceof DomainError || error instanceof ClockRefused ? 2 : 1);
  });
