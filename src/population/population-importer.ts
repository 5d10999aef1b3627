import { performance } from 'node:perf_hooks';
import { CitizenEvent, citizenDecider, citizenStream, requireNemIdNotShutDown, toCitizenEvent } from '../domain/citizen';
import { Clock } from '../domain/clock';
import { DomainError, InvalidCommand, RuleViolated } from '../domain/errors';
import {
  FIELD_OF_RULE,
  ImportCursor,
  ImportCounts,
  ImportReject,
  PopulationImportState,
  StartedImport,
  RegisterRow,
  checkRegisterRow,
  importCommandData,
  noCounts,
  populationImportStream,
  toPopulationImportEvent,
} from '../domain/population';
import type { TransitionSchedule } from '../domain/transition';
import { CommandContext, StreamState, eventMetadata } from '../streams/command-handler';
import { PopulationImportCommandHandler, importCausationId } from '../streams/population-import-command.handler';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '../event-store/event-store';
import { deterministicEventId } from '../streams/citizen-stream';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { RegisterFile, RegisterLine, registerBatches } from './register-file';
import type { Text } from '../domain/text';
import { inSpan } from '../tracing/tracing';

/** Rows per batch: one transaction of citizen appends, then one progress event with the cursor. */
export const IMPORT_BATCH_SIZE = 5000;

export interface ImportRun {
  file: RegisterFile;
  context: CommandContext;
  batchSize?: number;
  /** After each committed batch (progress bars). */
  onBatch?: (state: PopulationImportState) => void;
  /** Stops after the batch in hand; the import is resumed by running it again. */
  signal?: AbortSignal;
}

export interface DryRunReport {
  counts: ImportCounts;
  rejects: ImportReject[];
}

export type ImportLoad = StreamState<PopulationImportState>;

interface Candidate {
  line: number;
  citizenId: string;
}

/**
 * Loads the NemID register into the citizens' streams. Every holder is one `NemIdImported`, decided by the
 * citizen decider on an empty stream and appended with `no_stream` and an id made of the import and the line:
 * a re-run of the same batch is a no-op, and anyone already there (from the desk, another import, or an
 * earlier line of this file) is a conflict, sorted out after the batch. The import's own stream records the
 * cursor after each batch, so a killed import continues where its last recorded batch ended.
 */
export class PopulationImporter {
  private readonly imports: PopulationImportCommandHandler;

  constructor(
    private readonly store: EventStore,
    private readonly cipher: CitizenCipher,
    private readonly clock: Clock,
    private readonly schedule: () => Promise<TransitionSchedule>,
  ) {
    this.imports = new PopulationImportCommandHandler(store, clock);
  }

  load(importId: string): Promise<ImportLoad> {
    return this.imports.load(importId);
  }

  /** Every reject of an import, in line order, batch by batch. */
  async *rejects(importId: string): AsyncGenerator<ImportReject> {
    for await (const recorded of this.store.readStream(populationImportStream(importId))) {
      const event = toPopulationImportEvent(recorded);
      if (event?.type === 'PopulationImportProgressed') yield* event.data.rejects;
    }
  }

  /** Records that the import started (nothing if it had): what the agency sees before the first batch. */
  async start(file: RegisterFile, context: CommandContext): Promise<StartedImport> {
    await this.currentSchedule();
    const { state } = await this.imports.handle(
      file.importId,
      { type: 'StartImport', data: { importId: file.importId, format: file.format, name: file.name, bytes: file.bytes } },
      context,
    );
    // StartImport on a stream without it records it, so the import has started: this narrows the type only.
    if (state.status === 'not-started') throw new Error(`import ${file.importId} did not record its start`);
    return state;
  }

  /** One span for the run, one for each batch (rows, imported, rejected): the holders' events carry their batch's. */
  run(importRun: ImportRun): Promise<PopulationImportState> {
    return inSpan('import', { 'overgang.import': importRun.file.importId, 'overgang.import.format': importRun.file.format }, () => this.runBatches(importRun));
  }

  private async runBatches({ file, context, batchSize = IMPORT_BATCH_SIZE, onBatch, signal }: ImportRun): Promise<PopulationImportState> {
    const { importId } = file;
    const loaded = await this.imports.load(importId);
    if (loaded.state.status === 'completed') return loaded.state;
    const schedule = await this.currentSchedule();
    let { state } = await this.imports.handle(
      importId,
      { type: 'StartImport', data: { importId, format: file.format, name: file.name, bytes: file.bytes } },
      context,
    );
    if (state.status !== 'running') return state;
    const citizenContext = { ...context, causationId: importCausationId(importId) };
    // Each batch's progress is appended together with the next batch's holders: one commit per batch. A crash
    // between leaves a batch imported but not recorded; the re-run appends the same ids again, a no-op counted right.
    let recordPrevious: (() => Promise<void>) | undefined;
    for await (const batch of registerBatches(file, state.cursor, batchSize)) {
      const startedAt = performance.now();
      const { counts, rejects } = await inSpan('import batch', { 'overgang.import': importId, 'overgang.rows': batch.lines.length }, async (span) => {
        const imported = await this.importLines(batch.lines, importId, schedule, citizenContext, recordPrevious);
        span.setAttributes({ 'overgang.imported': imported.counts.imported, 'overgang.rejected': imported.counts.rejected });
        return imported;
      });
      const elapsedMs = Math.max(1, Math.round(performance.now() - startedAt));
      recordPrevious = async () => {
        ({ state } = await this.imports.handle(importId, { type: 'RecordImportBatch', data: { through: batch.through, counts, rejects, elapsedMs } }, context));
        onBatch?.(state);
      };
      if (signal?.aborted) break;
    }
    await recordPrevious?.();
    if (signal?.aborted) return state;
    ({ state } = await this.imports.handle(importId, { type: 'CompleteImport', data: {} }, context));
    onBatch?.(state);
    return state;
  }

  /** The schedule in force; a register read after NemID closed would reject every row alike, so it is refused once, before anything is recorded. */
  private async currentSchedule(): Promise<TransitionSchedule> {
    const schedule = await this.schedule();
    requireNemIdNotShutDown({ now: this.clock.now(), schedule });
    return schedule;
  }

  /** Validates and classifies every row without writing anything. Remembers every citizen seen, to find repeats. */
  async dryRun(file: RegisterFile, onBatch?: (counts: ImportCounts, through: ImportCursor) => void): Promise<DryRunReport> {
    const counts = noCounts();
    const rejects: ImportReject[] = [];
    const seen = new Map<string, number>();
    const schedule = await this.currentSchedule();
    for await (const batch of registerBatches(file, { line: 1, byte: 0 }, IMPORT_BATCH_SIZE)) {
      const now = this.clock.now();
      counts.read += batch.lines.length;
      for (const candidate of await this.candidates(batch.lines, file.importId, now, schedule, rejects, 'dry-run')) {
        const first = seen.get(candidate.citizenId);
        if (first !== undefined) {
          rejects.push(twice(candidate.line, first));
          continue;
        }
        seen.set(candidate.citizenId, candidate.line);
        let present = false;
        for await (const _ of this.store.readStream(citizenStream(candidate.citizenId), { maxCount: 1 })) present = true;
        if (present) counts.alreadyPresent++;
        else counts.imported++;
      }
      counts.rejected = rejects.length;
      onBatch?.(counts, batch.through);
    }
    return { counts, rejects };
  }

  private async importLines(
    lines: RegisterLine[],
    importId: string,
    schedule: TransitionSchedule,
    context: CommandContext & { causationId: string },
    alongside?: () => Promise<void>,
  ): Promise<{ counts: ImportCounts; rejects: ImportReject[] }> {
    const rejects: ImportReject[] = [];
    const now = this.clock.now();
    const metadata = eventMetadata(now, context);
    const firsts: (Candidate & { events: CitizenEvent[] })[] = [];
    const repeats: Candidate[] = [];
    const inBatch = new Set<string>();
    for (const candidate of await this.candidates(lines, importId, now, schedule, rejects)) {
      if (inBatch.has(candidate.citizenId)) {
        repeats.push(candidate);
        continue;
      }
      inBatch.add(candidate.citizenId);
      firsts.push(candidate);
    }
    const appends = firsts.map(({ line, citizenId, events }) => {
      const toAppend: NewEvent[] = events.map((event) => ({
        id: deterministicEventId(`nemid-imported/${importId}/${line}`),
        type: event.type,
        data: event.data,
        metadata,
      }));
      return { line, citizenId, appended: this.store.append(citizenStream(citizenId), toAppend, { expectedRevision: 'no_stream' }) };
    });
    // Started in the same turn as the appends: the store commits them, and the previous batch's progress, in one transaction.
    const recorded = alongside?.();
    const settled = await Promise.allSettled(appends.map((a) => a.appended));
    await recorded;
    const counts = { ...noCounts(), read: lines.length };
    /** Where each citizen of this batch first is in the file; undefined for someone already present from elsewhere. */
    const firstLine = new Map<string, number | undefined>();
    for (const [i, outcome] of settled.entries()) {
      const { line, citizenId } = appends[i];
      if (outcome.status === 'fulfilled') {
        counts.imported++;
        firstLine.set(citizenId, line);
        continue;
      }
      // Anything but "someone is already there" (a storage fault) stops the import; it resumes at this batch.
      if (!(outcome.reason instanceof WrongExpectedRevisionError)) throw outcome.reason;
      const earlier = await this.importedLineOf(citizenId, importId);
      firstLine.set(citizenId, earlier);
      if (earlier === undefined) counts.alreadyPresent++;
      else rejects.push(twice(line, earlier));
    }
    for (const { line, citizenId } of repeats) {
      const first = firstLine.get(citizenId);
      if (first === undefined) counts.alreadyPresent++;
      else rejects.push(twice(line, first));
    }
    rejects.sort((a, b) => a.line - b.line);
    counts.rejected = rejects.length;
    return { counts, rejects };
  }

  /**
   * The rows that decide into a NemIdImported; every other row goes to `rejects` with its line, field and reason.
   * The CPR numbers of a batch are sealed together, each with its holder's key (one write for the keys made); a dry
   * run, whose events are never stored, makes no keys (its values are sealed with the master key and dropped).
   */
  private async candidates(
    lines: RegisterLine[],
    importId: string,
    now: Date,
    schedule: TransitionSchedule,
    rejects: ImportReject[],
    mode: 'import' | 'dry-run' = 'import',
  ): Promise<(Candidate & { events: CitizenEvent[] })[]> {
    const rows: { line: number; citizenId: string; row: RegisterRow }[] = [];
    for (const read of lines) {
      if ('reason' in read) {
        rejects.push({ line: read.line, field: read.field, reason: read.reason });
        continue;
      }
      const checked = checkRegisterRow(read.values);
      if (!checked.ok) {
        rejects.push({ line: read.line, field: checked.field, reason: checked.reason });
        continue;
      }
      rows.push({ line: read.line, citizenId: this.cipher.protector.citizenIdFor(checked.row.cpr.digits), row: checked.row });
    }
    const sealed =
      mode === 'dry-run'
        ? rows.map(({ row }) => this.cipher.protector.encrypt(row.cpr.digits))
        : await this.cipher.encryptAll(rows.map(({ citizenId, row }) => ({ citizenId, plaintext: row.cpr.digits })));
    const candidates: (Candidate & { events: CitizenEvent[] })[] = [];
    const empty = citizenDecider.initialState();
    rows.forEach(({ line, citizenId, row }, i) => {
      try {
        const data = importCommandData(row, sealed[i], { importId, line });
        const events = citizenDecider.decide({ type: 'ImportNemId', data, metadata: { now, schedule } }, empty);
        candidates.push({ line, citizenId, events });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        rejects.push({ line, ...refusal(error) });
      }
    });
    return candidates;
  }

  /** The line of this import that already brought the citizen in; undefined if someone else did (the desk, another import). */
  private async importedLineOf(citizenId: string, importId: string): Promise<number | undefined> {
    for await (const recorded of this.store.readStream(citizenStream(citizenId), { maxCount: 1 })) {
      const event = toCitizenEvent(recorded);
      if (event?.type === 'NemIdImported' && event.data.source.importId === importId) return event.data.source.line;
    }
    return undefined;
  }
}

const twice = (line: number, first: number): ImportReject => ({
  line,
  field: 'cpr',
  reason: { da: `det samme CPR-nummer står på linje ${first} i filen`, en: `the same CPR number is on line ${first} of this file` },
});

function refusal(error: DomainError): { field: string; reason: Text } {
  if (error instanceof InvalidCommand) return { field: error.field, reason: error.reason };
  if (error instanceof RuleViolated)
    return { field: FIELD_OF_RULE[error.rule] ?? 'cpr', reason: { da: `${error.text.da} (regel ${error.rule})`, en: `${error.text.en} (rule ${error.rule})` } };
  return { field: 'cpr', reason: error.text };
}
