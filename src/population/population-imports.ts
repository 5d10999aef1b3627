import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { NotFound } from '../domain/errors';
import { IMPORT_ID_PATTERN, RegisterFileFormat, StartedImport } from '../domain/population';
import { CommandContext } from '../event-sourcing/command-handler';
import { CarriesProblem, ProblemDetails, problemType } from '../problem';
import { PopulationImporter } from './population-importer';
import { RegisterFile, inspectRegisterFile } from './register-file';

/** The upload is over the route's limit: refused whole, nothing imported. */
export class UploadTooLarge extends Error implements CarriesProblem {
  constructor(readonly limitBytes: number) {
    super(`the register file is larger than ${Math.round(limitBytes / 2 ** 20)} MiB (POPULATION_UPLOAD_LIMIT_MIB)`);
  }
  problem(): ProblemDetails {
    return { type: problemType('upload-too-large'), title: 'Upload too large', status: 413, detail: this.message };
  }
}

/** The upload is not sent as a register file: the detail says how to send it. */
export class UnsupportedUpload extends Error implements CarriesProblem {
  problem(): ProblemDetails {
    return { type: 'about:blank', title: 'Unsupported media type', status: 415, detail: this.message };
  }
}

export interface Upload {
  body: Readable;
  contentEncoding?: string;
  format?: RegisterFileFormat;
  context: CommandContext;
}

export interface PopulationImportsOptions {
  /** Where uploads are kept until their import completes: a restart resumes from there. */
  spoolDir: string;
  uploadLimitBytes: number;
  /** Resume unfinished uploads at start (the service); off in one-shot uses. */
  withApplication: boolean;
}

const RESUMED_BY = { actor: { role: 'agency', subject: 'population-import-worker' }, correlationId: 'resumed-import' };

/**
 * Imports uploaded over HTTP: each upload is spooled to disk and checked whole, then imported in the
 * background, one at a time. The spooled file stays until its import completes, so an import cut short by
 * a restart continues from its cursor when the service starts again.
 */
export class PopulationImports implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PopulationImports');
  private queue: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(
    readonly importer: PopulationImporter,
    private readonly options: PopulationImportsOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.withApplication) return;
    mkdirSync(this.options.spoolDir, { recursive: true });
    for (const entry of readdirSync(this.options.spoolDir)) {
      const path = join(this.options.spoolDir, entry);
      const [importId, format] = entry.split('.');
      if (entry.endsWith('.part') || !IMPORT_ID_PATTERN.test(importId) || (format !== 'csv' && format !== 'ndjson')) {
        rmSync(path, { force: true });
        continue;
      }
      this.queue = this.queue.then(async () => {
        const file = await inspectRegisterFile(path, { format, name: entry });
        await this.importAndRemove(file, RESUMED_BY);
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.queue;
  }

  /** Spools and checks the upload (a file that is not a register file is refused whole), then imports it in the background. */
  async accept(upload: Upload): Promise<StartedImport> {
    mkdirSync(this.options.spoolDir, { recursive: true });
    const part = join(this.options.spoolDir, `${randomBytes(9).toString('base64url')}.part`);
    try {
      await pipeline([upload.body, ...this.decoded(upload.contentEncoding), this.limited(), createWriteStream(part)]);
      const file = await inspectRegisterFile(part, { format: upload.format, name: 'upload' });
      const { state } = await this.importer.load(file.importId);
      if (state.status === 'completed') {
        rmSync(part, { force: true });
        return state;
      }
      const spooled = join(this.options.spoolDir, `${file.importId}.${file.format}`);
      renameSync(part, spooled);
      const started = await this.importer.start({ ...file, path: spooled }, upload.context);
      this.queue = this.queue.then(() => this.importAndRemove({ ...file, path: spooled }, upload.context));
      return started;
    } catch (error) {
      rmSync(part, { force: true });
      throw error;
    }
  }

  async view(importId: string): Promise<StartedImport> {
    const { state } = IMPORT_ID_PATTERN.test(importId) ? await this.importer.load(importId) : { state: { status: 'not-started' as const } };
    if (state.status === 'not-started') throw new NotFound('no population import with this id');
    return state;
  }

  private async importAndRemove(file: RegisterFile, context: CommandContext): Promise<void> {
    try {
      const state = await this.importer.run({ file, context, signal: this.stopping.signal });
      if (state.status === 'completed') {
        rmSync(file.path, { force: true });
        const { read, imported, alreadyPresent, rejected } = state.totals;
        this.logger.log(`import ${file.importId} complete: ${read} read, ${imported} imported, ${alreadyPresent} already present, ${rejected} rejected`);
      }
    } catch (error) {
      // The spooled file stays: the next start resumes the import from its last recorded batch.
      this.logger.error(`import ${file.importId} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private decoded(encoding: string | undefined): Transform[] {
    const value = (encoding ?? 'identity').trim().toLowerCase();
    if (value === 'identity') return [];
    if (value === 'gzip' || value === 'x-gzip') return [createGunzip()];
    throw new UnsupportedUpload('send the register file as is, or gzip-compressed (Content-Encoding: gzip)');
  }

  private limited(): Transform {
    let bytes = 0;
    const limit = this.options.uploadLimitBytes;
    return new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > limit ? new UploadTooLarge(limit) : null, chunk);
      },
    });
  }
}
