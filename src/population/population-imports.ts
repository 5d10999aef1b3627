import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { NotFound } from '../domain/errors';
import { IMPORT_ID_PATTERN, RegisterFileFormat, StartedImport } from '../domain/population';
import { CommandContext } from '../streams/command-handler';
import { Text } from '../domain/text';
import { CarriesProblem, Problem, TITLES, problemType } from '../http/problem';
import { diskFullOr, retryWhileDiskFull } from '../storage/data-disk';
import { PopulationImporter } from './population-importer';
import { RegisterFile, inspectRegisterFile } from './register-file';

/** The upload is over the route's limit: refused whole, nothing imported. */
export class UploadTooLarge extends Error implements CarriesProblem {
  constructor(readonly limitBytes: number) {
    super(`the register file is larger than ${Math.round(limitBytes / 2 ** 20)} MiB (POPULATION_UPLOAD_LIMIT_MIB)`);
  }
  problem(): Problem {
    const mib = Math.round(this.limitBytes / 2 ** 20);
    return {
      type: problemType('upload-too-large'),
      title: TITLES[413],
      status: 413,
      detail: {
        da: `registerfilen er større end ${mib} MiB (POPULATION_UPLOAD_LIMIT_MIB)`,
        en: `the register file is larger than ${mib} MiB (POPULATION_UPLOAD_LIMIT_MIB)`,
      },
    };
  }
}

/** The upload is not sent as a register file: the detail says how to send it. */
export class UnsupportedUpload extends Error implements CarriesProblem {
  constructor(readonly text: Text) {
    super(text.en);
  }
  problem(): Problem {
    return { type: 'about:blank', title: TITLES[415], status: 415, detail: this.text };
  }
}

/** The bytes that arrived are not a whole file as sent: not what their Content-Encoding says, or cut short. */
export class UploadUnreadable extends Error implements CarriesProblem {
  constructor(readonly text: Text) {
    super(text.en);
  }
  problem(): Problem {
    return { type: problemType('upload-unreadable'), title: TITLES[400], status: 400, detail: this.text };
  }
}

const ZLIB_ERROR = /^Z_/;
const CUT_SHORT = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'ABORT_ERR']);

/** What went wrong with an upload, in the caller's terms: a broken compression or a cut-short body is their file's fault, a full disk is ours. */
function uploadFailure(error: unknown): unknown {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (ZLIB_ERROR.test(code)) {
    return new UploadUnreadable({
      da: 'registerfilen er ikke gzip, som Content-Encoding siger, eller den er afbrudt',
      en: 'the register file is not gzip as its Content-Encoding says, or it is cut short',
    });
  }
  if (CUT_SHORT.has(code))
    return new UploadUnreadable({ da: 'overførslen sluttede, før hele filen var kommet', en: 'the upload ended before the whole file arrived' });
  return diskFullOr(error);
}

/** When a file was last written, or 0 when it is gone meanwhile. */
const modifiedAt = (path: string): number => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;

export interface Upload {
  body: Readable;
  contentEncoding?: string;
  format?: RegisterFileFormat;
  /** The file's name as the uploader named it. */
  name: string;
  context: CommandContext;
}

export interface PopulationImportsOptions {
  /** Where uploads are kept until their import completes: a restart resumes from there. */
  spoolDir: string;
  uploadLimitBytes: number;
  /** Resume unfinished uploads at start (the service); off in one-shot uses. */
  withApplication: boolean;
  /**
   * Another process (the leader among the service's processes) imports: an accepted upload is spooled and it is
   * told, rather than imported here.
   */
  handOver?: () => void;
  /** Tells the importing process that another has spooled an upload for it. */
  toldOfUploads?: (listener: () => void) => () => void;
  /** The other processes learn that an import waits for room on the disk, and since when (undefined: it goes on). */
  waitingShared?: {
    tell(importId: string, since: Date | undefined): void;
    listen(listener: (importId: string, since: Date | undefined) => void): () => void;
  };
  /**
   * An upload still being written (`.part`) untouched this long is abandoned and removed at a resume; 0: every one
   * (this process is the only one that uploads).
   */
  partsAbandonedAfterMs?: number;
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
  private readonly waiting = new Map<string, Date>();
  /** The spooled files queued here (by file name), so a second resume does not queue one again. */
  private readonly queued = new Set<string>();
  private stopTelling?: () => void;
  private stopListening?: () => void;

  constructor(
    readonly importer: PopulationImporter,
    private readonly options: PopulationImportsOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.stopListening = this.options.waitingShared?.listen((importId, since) => (since ? this.waiting.set(importId, since) : this.waiting.delete(importId)));
    if (!this.options.withApplication) return;
    this.stopTelling = this.options.toldOfUploads?.(() => this.resumeSpooled());
    this.resumeSpooled();
  }

  /** Imports every spooled upload not yet queued here, and removes the uploads abandoned while being written. */
  resumeSpooled(): void {
    mkdirSync(this.options.spoolDir, { recursive: true });
    const abandonedBefore = Date.now() - (this.options.partsAbandonedAfterMs ?? 0);
    for (const entry of readdirSync(this.options.spoolDir)) {
      const path = join(this.options.spoolDir, entry);
      const [importId, format] = entry.split('.');
      if (entry.endsWith('.part')) {
        if (modifiedAt(path) <= abandonedBefore) rmSync(path, { force: true });
        continue;
      }
      if (!IMPORT_ID_PATTERN.test(importId) || (format !== 'csv' && format !== 'ndjson')) {
        rmSync(path, { force: true });
        continue;
      }
      if (this.queued.has(entry)) continue;
      this.queued.add(entry);
      this.queue = this.queue.then(async () => {
        try {
          await this.importAndRemove(await inspectRegisterFile(path, { format, name: entry }), RESUMED_BY);
        } catch (error) {
          this.queued.delete(entry);
          this.logger.error(`spooled upload ${entry} cannot be imported: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopTelling?.();
    this.stopListening?.();
    this.stopping.abort();
    await this.queue;
  }

  /** Spools and checks the upload (a file that is not a register file is refused whole), then imports it in the background. */
  async accept(upload: Upload): Promise<StartedImport> {
    const decoders = this.decoded(upload.contentEncoding);
    const part = join(this.options.spoolDir, `${randomBytes(9).toString('base64url')}.part`);
    // Through a stream of its own: a failed pipeline destroys its streams, and destroying the request would take
    // the connection, and the answer saying what failed, with it.
    const body = new PassThrough();
    const cutShort = () => body.destroy(Object.assign(new Error('the upload ended early'), { code: 'ECONNRESET' }));
    upload.body.once('aborted', cutShort).once('error', cutShort).pipe(body);
    try {
      mkdirSync(this.options.spoolDir, { recursive: true });
      await pipeline([body, ...decoders, this.limited(), createWriteStream(part)]);
      const file = await inspectRegisterFile(part, { format: upload.format, name: upload.name });
      const { state } = await this.importer.load(file.importId);
      if (state.status === 'completed') {
        rmSync(part, { force: true });
        return state;
      }
      const spooled = join(this.options.spoolDir, `${file.importId}.${file.format}`);
      renameSync(part, spooled);
      const started = await this.importer.start({ ...file, path: spooled }, upload.context);
      if (this.options.handOver) this.options.handOver();
      else {
        this.queued.add(`${file.importId}.${file.format}`);
        this.queue = this.queue.then(() => this.importAndRemove({ ...file, path: spooled }, upload.context));
      }
      return started;
    } catch (error) {
      upload.body.unpipe(body);
      rmSync(part, { force: true });
      throw uploadFailure(error);
    } finally {
      upload.body.off('aborted', cutShort).off('error', cutShort);
    }
  }

  async view(importId: string): Promise<StartedImport> {
    const { state } = IMPORT_ID_PATTERN.test(importId) ? await this.importer.load(importId) : { state: { status: 'not-started' as const } };
    if (state.status === 'not-started') throw new NotFound({ da: 'der er ingen indlæsning med dette id', en: 'no population import with this id' });
    return state;
  }

  /** Since when an import has waited for room on the data disk; it goes on by itself once there is some. */
  waitingSince(importId: string): Date | undefined {
    return this.waiting.get(importId);
  }

  private async importAndRemove(file: RegisterFile, context: CommandContext): Promise<void> {
    const onWait = (waiting: boolean) => {
      const since = waiting ? new Date() : undefined;
      if (since) this.waiting.set(file.importId, since);
      else this.waiting.delete(file.importId);
      this.options.waitingShared?.tell(file.importId, since);
      this.logger[waiting ? 'warn' : 'log'](`import ${file.importId} ${waiting ? 'waits: the data disk is full' : 'goes on: the data disk has room again'}`);
    };
    try {
      const state = await retryWhileDiskFull(() => this.importer.run({ file, context, signal: this.stopping.signal }), {
        signal: this.stopping.signal,
        onWait,
      });
      if (state.status === 'completed') {
        rmSync(file.path, { force: true });
        const { read, imported, alreadyPresent, rejected } = state.totals;
        this.logger.log(`import ${file.importId} complete: ${read} read, ${imported} imported, ${alreadyPresent} already present, ${rejected} rejected`);
      }
    } catch (error) {
      // The spooled file stays: the next start resumes the import from its last recorded batch.
      this.logger.error(`import ${file.importId} stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (this.waiting.delete(file.importId)) this.options.waitingShared?.tell(file.importId, undefined);
      this.queued.delete(`${file.importId}.${file.format}`);
    }
  }

  private decoded(encoding: string | undefined): Transform[] {
    const value = (encoding ?? 'identity').trim().toLowerCase();
    if (value === 'identity') return [];
    if (value === 'gzip' || value === 'x-gzip') return [createGunzip()];
    throw new UnsupportedUpload({
      da: 'send registerfilen, som den er, eller gzip-komprimeret (Content-Encoding: gzip)',
      en: 'send the register file as is, or gzip-compressed (Content-Encoding: gzip)',
    });
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
