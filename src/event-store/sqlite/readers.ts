import type Database from 'better-sqlite3';
import type { EventFilter, ReadAllOptions, ReadStreamOptions, ReadStreamsInOrderOptions, RecordedEvent } from '../event-store';
import type { FileFaults } from './file-faults';
import { COLUMNS, EventRow, IN_ORDER_COLUMNS, IdAndMetadata, InOrderRow, StoredEvent } from './stored-event';

export const PAGE_SIZE = 1000;
/** Events sampled per run when splitting streams: a run's share of the events is then off by about 1/√64 of itself. */
const SAMPLES_PER_SHARE = 64;
const MAX_LIMITED_STATEMENTS = 256;

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

export interface EventPage {
  events: RecordedEvent[];
  exhausted: boolean;
  /** Where the next page starts: the last event's position, or the head read first when the page ran out. */
  scannedTo: bigint;
}

/** The events file's reads: a stream, the log in global order, streams in key order, and a sample of the log. */
export class EventReaders {
  private readonly limited = new Map<string, Database.Statement>();
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly faults: FileFaults,
  ) {
    this.statements = {
      head: db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events'),
      ping: db.prepare('SELECT 1'),
      idAndMetadata: db.prepare<[number], IdAndMetadata>('SELECT id, metadata FROM events WHERE position = ?'),
      streamAt: db.prepare<[number], string>('SELECT stream_id FROM events WHERE position = ?').pluck(),
    };
  }

  head(): bigint {
    return BigInt(this.statements.head.get()?.head ?? 0);
  }

  ping(): void {
    this.faults.reading(() => this.statements.ping.get());
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let revision = options.fromRevision !== undefined ? Number(options.fromRevision) : backwards ? Number.MAX_SAFE_INTEGER : 0;
    const sql = `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision ${backwards ? '<=' : '>='} ? ORDER BY revision${backwards ? ' DESC' : ''}`;
    while (remaining > 0) {
      const limit = Math.min(PAGE_SIZE, remaining);
      const events = this.faults.reading(() => (this.withLimit(sql, limit).all(streamId, revision) as EventRow[]).map(StoredEvent.of));
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

  /** Keyset pages on the (stream_id, revision) index, about as fast as global order (docs/benchmarks.md). */
  async *readStreamsInOrder(options: ReadStreamsInOrderOptions): AsyncIterable<RecordedEvent[]> {
    const types = options.eventTypes?.length ? ` AND type IN (${options.eventTypes.map(() => '?').join(', ')})` : '';
    // The row value alone as the lower bound: with a second bound on stream_id, SQLite seeks on that one and rescans every page.
    const sql = `SELECT ${IN_ORDER_COLUMNS} FROM events WHERE (stream_id, revision) > (?, ?) AND stream_id < ? AND position <= ?${types} ORDER BY stream_id, revision`;
    const { from = '', before = '\uffff' } = options.streamIds ?? {};
    for (const prefix of withoutNested(options.streamPrefixes)) {
      const end = prefix + '\uffff' < before ? prefix + '\uffff' : before;
      let after: [string, number] = [prefix > from ? prefix : from, -1];
      for (;;) {
        const rows = this.faults.reading(
          () => this.withLimit(sql, PAGE_SIZE).all(...after, end, Number(options.toPosition), ...(options.eventTypes ?? [])) as InOrderRow[],
        );
        if (rows.length > 0) yield rows.map(this.inOrder);
        if (rows.length < PAGE_SIZE) break;
        const last = rows[rows.length - 1];
        after = [last[1], last[2]];
      }
    }
  }

  private readonly idAndMetadataAt = (position: number) => this.faults.reading(() => this.statements.idAndMetadata.get(position)!);
  private readonly inOrder = (row: InOrderRow): RecordedEvent => StoredEvent.inOrder(row, this.idAndMetadataAt);

  /**
   * From a sample of the log: the streams of events at evenly spaced positions, each stream as often as it has
   * events there, so the runs hold about equal numbers of events (counting and numbering the streams instead
   * reads the stream index twice, with one core idle).
   */
  splitStreams(streamPrefixes: string[], shares: number): { events: number; cuts: string[] } {
    return this.faults.reading(() => {
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
  readPage(position: bigint, filter: EventFilter | undefined, limit: number): EventPage {
    return this.faults.reading(() => {
      const head = BigInt(this.statements.head.get()?.head ?? 0);
      const { sql, params } = filterSql(filter);
      const statement = this.withLimit(`SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ?${sql} ORDER BY position`, limit);
      const rows = statement.all(Number(position), Number(head), ...params) as EventRow[];
      const events = rows.map(StoredEvent.of);
      const exhausted = rows.length < limit;
      return { events, exhausted, scannedTo: exhausted ? head : events[events.length - 1].position };
    });
  }

  /**
   * A statement with its LIMIT written in. Bound as a parameter, the limit makes SQLite (built with STAT4)
   * plan the query again at every run, which costs more than an empty page or a stream's tail takes to read.
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
}
