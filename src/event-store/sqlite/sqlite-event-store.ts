import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { DiskFull, isDiskFull } from '../../storage/data-disk';
import { StorageFault, damageOf, openSqliteFile } from '../../storage/sqlite-file';
import {
  AppendOptions,
  AppendResult,
  Committed,
  EventMetadata,
  EventFilter,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamsInOrderOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionMessage,
  WrongExpectedRevisionError,
  committedInFilter,
} from '../event-store';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:'. */
  path: string;
  /** FULL (default) survives power loss; NORMAL in WAL mode survives process crashes only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Other processes (the CLI) may append to the same file: subscribers also poll at this interval. */
  pollIntervalMs?: number;
  /** See `SqliteFileOptions.checkPages`. */
  checkPages?: boolean;
  /** Told of each commit: how many appends it wrote (a refused one is not counted) and how long it held the thread, its sync to disk included. */
  onCommit?: (commit: Commit) => void;
}

export interface Commit {
  appends: number;
  seconds: number;
}

/** A row of COLUMNS as an array: better-sqlite3 makes arrays a third faster than objects, and reads make millions. */
type EventRow = [position: number, id: string, streamId: string, revision: number, type: string, data: string, metadata: string];
type InOrderRow = [position: number, streamId: string, revision: number, type: string, data: string];
/** What a stream-order read leaves out of a row, read by position when asked for. */
type IdAndMetadata = { id: string; metadata: string };

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

const PAGE_SIZE = 1000;
/** Events sampled per run when splitting streams: a run's share of the events is then off by about 1/√64 of itself. */
const SAMPLES_PER_SHARE = 64;
const MAX_LIMITED_STATEMENTS = 256;
const EVENTS_FILE_REMEDY = 'stop the service, run `npm run cli -- store check` and restore the last backup (README: Backups)';
const COLUMNS = 'position, id, stream_id, revision, type, data, metadata';
/**
 * Stream-order reads leave out the id and the metadata, more than half of a row's bytes: the fold of a million
 * events' rebuild took 4.33 s without them against 4.50 s (three runs in turns).
 */
const IN_ORDER_COLUMNS = 'position, stream_id, revision, type, data';

/**
 * An event read in stream order: its id and metadata are read when first asked for, which a rebuild never does.
 * They are accessors of the class, so a spread leaves them out. A class because an object literal with accessors
 * cost 1.5 µs to make, more than reading and parsing the event (a million: 1.5 s against 0.1 s).
 */
class InOrderEvent implements RecordedEvent {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly #readRest: (position: number) => IdAndMetadata;
  #rest?: IdAndMetadata;
  #metadata?: EventMetadata;

  constructor([position, streamId, revision, type, data]: InOrderRow, readRest: (position: number) => IdAndMetadata) {
    this.position = BigInt(position);
    this.streamId = streamId;
    this.revision = BigInt(revision);
    this.type = type;
    this.data = JSON.parse(data);
    this.#readRest = readRest;
  }

  get id(): string {
    return this.#restOf().id;
  }

  get metadata(): EventMetadata {
    return (this.#metadata ??= JSON.parse(this.#restOf().metadata) as EventMetadata);
  }

  #restOf(): IdAndMetadata {
    return (this.#rest ??= this.#readRest(Number(this.position)));
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toRecorded([position, id, streamId, revision, type, data, rawMetadata]: EventRow): RecordedEvent {
  let metadata: EventMetadata | undefined;
  return {
    id,
    type,
    streamId,
    revision: BigInt(revision),
    position: BigInt(position),
    data: JSON.parse(data),
    // Parsed when first asked for: folds and projections, which read the most events, never ask.
    get metadata() {
      return (metadata ??= JSON.parse(rawMetadata) as EventMetadata);
    },
  };
}

/** SQL for a filter: stream prefixes as key ranges, event types as an IN list. */
function filterSql(filter: EventFilter | undefined): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (filter?.streamPrefixes?.length) {
    // Unary + keeps SQLite on the position (rowid) range: using the stream index would mean sorting every page.
    clauses.push(`(${filter.streamPrefixes.map(() => '(+stream_id >= ? AND +stream_id < ?)').join(' OR ')})`);
    for (const prefix of filter.streamPrefixes) params.push(prefix, prefix + '\uffff');
  }
  if (filter?.eventTypes?.length) {
    clauses.push(`type IN (${filter.eventTypes.map(() => '?').join(', ')})`);
    params.push(...filter.eventTypes);
  }
  return { sql: clauses.map((c) => ` AND ${c}`).join(''), params };
}

/** Prefixes in key order, without those inside another (whose streams the other already covers). */
function withoutNested(prefixes: string[]): string[] {
  const sorted = [...new Set(prefixes)].sort();
  return sorted.filter((prefix, i) => !sorted.slice(0, i).some((outer) => prefix.startsWith(outer)));
}

/**
 * The embedded event store: one SQLite file in WAL mode. Global position = rowid;
 * a unique (stream_id, revision) index guards concurrency; event ids are unique so a
 * re-append of the same events is recognised and answered as a no-op.
 *
 * Group commit: appends issued in the same turn of the event loop are written in one
 * transaction (one fsync), each inside its own savepoint, so a conflict fails only its own append.
 * The fsync stays in the commit, on the service's thread: syncing the log from node's thread pool
 * instead measured worse (beside the next commits' writes a sync took 2.6 to 5.5 ms against 0.6 ms,
 * and p99 at 1 000 requests/s was 95 to 200 ms against 35 to 156 ms).
 */
export class SqliteEventStore implements EventStore {
  readonly positionUnit = 'events';
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly pollIntervalMs: number;
  private readonly statements;
  private readonly limited = new Map<string, Database.Statement>();
  private readonly openSubscriptions = new Set<() => Promise<void>>();
  private readonly appendAlone: Database.Transaction<(item: PendingAppend, recordedAt: number) => AppendResult>;
  private readonly appendTogether: Database.Transaction<(batch: PendingAppend[], recordedAt: number) => AppendOutcome[]>;
  private readonly path: string;
  private readonly onCommit: ((commit: Commit) => void) | undefined;
  /** Set once SQLite reports damaged pages: every later call, and /health, answers with it. */
  private damage: StorageFault | undefined;

  constructor(options: SqliteEventStoreOptions) {
    this.path = options.path;
    this.onCommit = options.onCommit;
    this.db = openSqliteFile(options.path, { remedy: EVENTS_FILE_REMEDY, synchronous: options.synchronous ?? 'FULL', checkPages: options.checkPages });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
      CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
      DROP TABLE IF EXISTS streams;
    `);
    this.appended.setMaxListeners(0);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.statements = {
      // A stream's revision is its last entry in the (stream_id, revision) index. A table of streams kept beside it
      // was one more B-tree on random keys for every append: 1.39x slower imports at 1 000 000 holders.
      streamRevision: this.db.prepare<[string], { revision: number }>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      eventById: this.db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE id = ?',
      ),
      insert: this.db.prepare(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      head: this.db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events'),
      ping: this.db.prepare('SELECT 1'),
      idAndMetadata: this.db.prepare<[number], IdAndMetadata>('SELECT id, metadata FROM events WHERE position = ?'),
      streamAt: this.db.prepare<[number], string>('SELECT stream_id FROM events WHERE position = ?').pluck(),
    };
    this.appendAlone = this.db.transaction((item: PendingAppend, recordedAt: number) => this.appendOne(item, recordedAt));
    // Nested better-sqlite3 transactions are savepoints: a failed append rolls back only itself.
    const appendInSavepoint = this.db.transaction((item: PendingAppend, recordedAt: number) => this.appendOne(item, recordedAt));
    this.appendTogether = this.db.transaction((batch: PendingAppend[], recordedAt: number) =>
      batch.map((item): AppendOutcome => {
        try {
          return { ok: true, result: appendInSavepoint(item, recordedAt) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected: options.expectedRevision ?? 'any', resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    if (batch.length === 0) return;
    if (this.damage) {
      // Writing on into a damaged file would spread the damage: nothing more until it is restored.
      for (const item of batch) item.reject(this.damage);
      return;
    }
    const recordedAt = Date.now();
    const started = performance.now();
    let outcomes: AppendOutcome[];
    try {
      // IMMEDIATE: take the write lock before reading revisions. A deferred transaction that read an
      // older snapshot cannot upgrade while another process writes, and fails at once ("database is locked").
      outcomes = batch.length === 1 ? [{ ok: true, result: this.appendAlone.immediate(batch[0], recordedAt) }] : this.appendTogether.immediate(batch, recordedAt);
    } catch (error) {
      const failure = this.noted(error);
      for (const item of batch) item.reject(failure);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.result);
      else item.reject(outcome.error);
    });
    this.onCommit?.({ appends: outcomes.reduce((written, outcome) => written + (outcome.ok ? 1 : 0), 0), seconds });
    // What the commit wrote is gathered only for someone to tell: most appends have no subscriber in the process.
    if (this.appended.listenerCount('appended') === 0) return;
    const committed: Committed = batch.flatMap((item, i) => (outcomes[i].ok ? [{ streamId: item.streamId, types: item.events.map((event) => event.type) }] : []));
    this.appended.emit('appended', committed);
  }

  private appendOne(pending: PendingAppend, recordedAt: number): AppendResult {
    const { streamId, events, expected } = pending;
    const current = this.statements.streamRevision.get(streamId)?.revision;
    const actual = current === undefined ? 'no_stream' : BigInt(current);
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && actual === expected);
    if (!matches) {
      // A retry of an append that already happened carries a stale revision: answer it as done.
      const replay = events.length > 0 ? this.idempotentReplay(streamId, events) : undefined;
      if (replay) return replay;
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    if (events.length === 0) {
      return { nextRevision: current === undefined ? -1n : BigInt(current), position: BigInt(this.statements.head.get()?.head ?? 0) };
    }
    let revision = current ?? -1;
    let position = 0;
    for (const [index, event] of events.entries()) {
      revision++;
      try {
        position = Number(
          this.statements.insert.run(
            event.id,
            streamId,
            revision,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
            recordedAt,
          ).lastInsertRowid,
        );
      } catch (error) {
        // Duplicate ids are looked up only when the unique index says so: the common path pays nothing.
        const replay = index === 0 && isUniqueViolation(error) ? this.idempotentReplay(streamId, events) : undefined;
        if (replay) return replay;
        throw error;
      }
    }
    return { nextRevision: BigInt(revision), position: BigInt(position) };
  }

  /** EventStoreDB semantics: the same events (same ids, same order) already in the stream mean success, nothing written. */
  private idempotentReplay(streamId: string, events: NewEvent[]): AppendResult | undefined {
    const first = this.statements.eventById.get(events[0].id);
    if (!first) return undefined;
    let last = first;
    for (let i = 0; i < events.length; i++) {
      const found = i === 0 ? first : this.statements.eventById.get(events[i].id);
      if (!found || found.stream_id !== streamId || found.revision !== first.revision + i) {
        throw new WrongExpectedRevisionError(streamId, 'any', BigInt(this.statements.streamRevision.get(streamId)?.revision ?? -1));
      }
      last = found;
    }
    return { nextRevision: BigInt(last.revision), position: BigInt(last.position) };
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let revision = options.fromRevision !== undefined ? Number(options.fromRevision) : backwards ? Number.MAX_SAFE_INTEGER : 0;
    const sql = `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision ${backwards ? '<=' : '>='} ? ORDER BY revision${backwards ? ' DESC' : ''}`;
    while (remaining > 0) {
      const limit = Math.min(PAGE_SIZE, remaining);
      const events = this.reading(() => (this.withLimit(sql, limit).all(streamId, revision) as EventRow[]).map(toRecorded));
      for (const event of events) yield event;
      if (events.length < PAGE_SIZE) return;
      remaining -= events.length;
      revision = Number(events[events.length - 1].revision) + (backwards ? -1 : 1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let position = options.fromPosition ?? 0n;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      const page = this.readPage(position, options.filter, Math.min(PAGE_SIZE, remaining));
      for (const event of page.events) yield event;
      remaining -= page.events.length;
      if (page.exhausted) return;
      position = page.scannedTo;
    }
  }

  /** Keyset pages on the (stream_id, revision) index: 300 000 events stored stage by stage read in 857–888 ms, against 792–795 ms in global order. */
  async *readStreamsInOrder(options: ReadStreamsInOrderOptions): AsyncIterable<RecordedEvent[]> {
    const types = options.eventTypes?.length ? ` AND type IN (${options.eventTypes.map(() => '?').join(', ')})` : '';
    // The row value alone as the lower bound: with a second bound on stream_id, SQLite seeks on that one and rescans every page.
    const sql = `SELECT ${IN_ORDER_COLUMNS} FROM events WHERE (stream_id, revision) > (?, ?) AND stream_id < ? AND position <= ?${types} ORDER BY stream_id, revision`;
    const { from = '', before = '\uffff' } = options.streamIds ?? {};
    for (const prefix of withoutNested(options.streamPrefixes)) {
      const end = prefix + '\uffff' < before ? prefix + '\uffff' : before;
      let after: [string, number] = [prefix > from ? prefix : from, -1];
      for (;;) {
        const rows = this.reading(() => this.withLimit(sql, PAGE_SIZE).all(...after, end, Number(options.toPosition), ...(options.eventTypes ?? [])) as InOrderRow[]);
        if (rows.length > 0) yield rows.map(this.inOrderRecorded);
        if (rows.length < PAGE_SIZE) break;
        const last = rows[rows.length - 1];
        after = [last[1], last[2]];
      }
    }
  }

  private readonly inOrderRecorded = (row: InOrderRow): RecordedEvent => new InOrderEvent(row, this.idAndMetadataAt);

  private readonly idAndMetadataAt = (position: number) => this.reading(() => this.statements.idAndMetadata.get(position)!);

  /**
   * From a sample of the log: the streams of events at evenly spaced positions, each stream as often as it has
   * events there, so the runs hold about equal numbers of events. Counting the streams and numbering them
   * read the (stream_id, revision) index twice: 0.26 s per million events, with one core idle.
   */
  async splitStreams(streamPrefixes: string[], shares: number): Promise<{ events: number; cuts: string[] }> {
    return this.reading(() => {
      const prefixes = withoutNested(streamPrefixes);
      const head = this.statements.head.get()?.head ?? 0;
      const samples = Math.min(head, shares * SAMPLES_PER_SHARE);
      const hits: string[] = [];
      for (let i = 1; i <= samples; i++) {
        const streamId = this.statements.streamAt.get(Math.ceil((i * head) / samples));
        if (streamId !== undefined && prefixes.some((prefix) => streamId.startsWith(prefix))) hits.push(streamId);
      }
      hits.sort();
      const cuts: string[] = [];
      for (let share = 1; share < shares && hits.length > 0; share++) {
        const cut = hits[Math.floor((share * hits.length) / shares)];
        if (cut !== cuts.at(-1) && cut !== hits[0]) cuts.push(cut);
      }
      return { events: samples === 0 ? 0 : Math.round((hits.length / samples) * head), cuts };
    });
  }

  /** One page after `position`, bounded by the head read first so "exhausted" is exact even with filters. */
  private readPage(position: bigint, filter: EventFilter | undefined, limit: number) {
    return this.reading(() => this.readPageOnce(position, filter, limit));
  }

  private readPageOnce(position: bigint, filter: EventFilter | undefined, limit: number) {
    const head = BigInt(this.statements.head.get()?.head ?? 0);
    const { sql, params } = filterSql(filter);
    const statement = this.withLimit(`SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ?${sql} ORDER BY position`, limit);
    const rows = statement.all(Number(position), Number(head), ...params) as EventRow[];
    const events = rows.map(toRecorded);
    const exhausted = rows.length < limit;
    return { events, exhausted, scannedTo: exhausted ? head : events[events.length - 1].position };
  }

  /**
   * A statement with its LIMIT written in. Bound as a parameter, the limit makes SQLite (built with STAT4)
   * plan the query again at every run: 20-30 µs, more than an empty page or a stream's tail takes to read.
   */
  private withLimit(sql: string, limit: number): Database.Statement {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`a read's count must be a positive whole number, not ${limit}`);
    const key = `${sql} LIMIT ${limit}`;
    let statement = this.limited.get(key);
    if (!statement) {
      // Callers' page sizes are few; the bound only guards against a caller that varies them without end.
      if (this.limited.size >= MAX_LIMITED_STATEMENTS) this.limited.clear();
      statement = this.db.prepare(key).raw();
      this.limited.set(key, statement);
    }
    return statement;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    let closed = false;
    let wake: (() => void) | undefined;
    // A commit of this instance that wrote nothing the subscription wants does not wake it: the next wake reads past it.
    const onAppended = (committed?: Committed) => (committed === undefined || committedInFilter(committed, options.filter)) && wake?.();
    this.appended.on('appended', onAppended);
    const store = this;
    const close = async () => {
      closed = true;
      this.openSubscriptions.delete(close);
      wake?.();
    };
    this.openSubscriptions.add(close);
    async function* messages(): AsyncGenerator<SubscriptionMessage> {
      let position = options.fromPosition ?? 0n;
      let caughtUp = false;
      try {
        while (!closed) {
          const page = store.readPage(position, options.filter, PAGE_SIZE);
          for (const event of page.events) {
            if (closed) return;
            yield { kind: 'event', event };
          }
          position = page.scannedTo;
          if (!page.exhausted) continue;
          if (!caughtUp) {
            caughtUp = true;
            yield { kind: 'caught-up', position };
          }
          if (closed) return;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, store.pollIntervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      } finally {
        store.appended.off('appended', onAppended);
      }
    }
    const iterator = messages();
    return { [Symbol.asyncIterator]: () => iterator, close };
  }

  /** Called after each commit of appends made through this instance, with what it wrote. */
  onAppended(listener: (committed: Committed) => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  /**
   * Another connection to the same file appended: subscriptions read now instead of at their next poll, those
   * whose filter passes what it wrote when that is known.
   */
  notifyAppended(committed?: Committed): void {
    this.appended.emit('appended', committed);
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.statements.head.get()?.head ?? 0);
  }

  async ping(): Promise<void> {
    if (this.damage) throw this.damage;
    this.reading(() => this.statements.ping.get());
  }

  private reading<T>(read: () => T): T {
    if (this.damage) throw this.damage;
    try {
      return read();
    } catch (error) {
      throw this.noted(error);
    }
  }

  /**
   * Damage is remembered and reported as such; a full disk is said as such (the transaction rolled back whole, and
   * the next commit tries again); any other error passes unchanged.
   */
  private noted(error: unknown): unknown {
    if (isDiskFull(error)) return new DiskFull();
    const damage = damageOf(this.path, error, EVENTS_FILE_REMEDY);
    if (!damage) return error;
    this.damage ??= damage;
    return this.damage;
  }

  async close(): Promise<void> {
    this.flush();
    await Promise.all([...this.openSubscriptions].map((closeSubscription) => closeSubscription()));
    this.db.close();
  }
}
