import type { LockWait } from '../../storage/write-lock';
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../../storage/sqlite-file';
import {
  AppendOptions,
  AppendResult,
  Committed,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamsInOrderOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { EVENTS_FILE_REMEDY, FileFaults } from './file-faults';
import { Commit, GroupCommit } from './group-commit';
import { EventReaders } from './readers';
import { EVENT_STORE_MIGRATIONS } from './schema';
import { Subscriptions } from './subscriptions';
import { inRecordedTrace, inSpan, tracedRead } from '../../tracing/tracing';
import { CLIENT_SPAN, SQLITE, appendAttributes } from '../store-spans';

export type { Commit } from './group-commit';

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
  /** `thread-free` when other processes write to the file too (WEB_CONCURRENCY above 1). */
  lockWait?: LockWait;
}

/**
 * The embedded event store: one SQLite file in WAL mode (layout in `schema.ts`). Appends go through the group
 * commit, reads through the readers, both past the file's faults; subscriptions poll and are woken by commits.
 */
export class SqliteEventStore implements EventStore {
  readonly positionUnit = 'events';
  private readonly db: Database.Database;
  private readonly faults: FileFaults;
  private readonly commits: GroupCommit;
  private readonly readers: EventReaders;
  private readonly subscriptions: Subscriptions;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openSqliteFile(options.path, {
      remedy: EVENTS_FILE_REMEDY,
      synchronous: options.synchronous ?? 'FULL',
      checkPages: options.checkPages,
      migrations: EVENT_STORE_MIGRATIONS,
    });
    this.faults = new FileFaults(options.path);
    this.readers = new EventReaders(this.db, this.faults);
    this.subscriptions = new Subscriptions(this.readers, options.pollIntervalMs ?? 250);
    this.commits = new GroupCommit(this.db, this.faults, options.onCommit, this.subscriptions, options.lockWait);
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    if (!inRecordedTrace()) return this.commits.append(streamId, events, expected);
    return inSpan(
      'event-store append',
      appendAttributes(SQLITE, streamId, events, expected),
      () => this.commits.append(streamId, events, expected),
      CLIENT_SPAN,
    );
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    const read = this.readers.readStream(streamId, options);
    return inRecordedTrace() ? tracedRead('event-store readStream', { ...SQLITE, 'overgang.stream': streamId }, read) : read;
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const read = this.readers.readAll(options);
    return inRecordedTrace() ? tracedRead('event-store readAll', SQLITE, read) : read;
  }

  readStreamsInOrder(options: ReadStreamsInOrderOptions): AsyncIterable<RecordedEvent[]> {
    return this.readers.readStreamsInOrder(options);
  }

  async splitStreams(streamPrefixes: string[], shares: number): Promise<{ events: number; cuts: string[] }> {
    return this.readers.splitStreams(streamPrefixes, shares);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.subscriptions.subscribe(options);
  }

  /** Called after each commit of appends made through this instance, with what it wrote. */
  onAppended(listener: (committed: Committed) => void): () => void {
    return this.subscriptions.onAppended(listener);
  }

  /**
   * Another connection to the same file appended: subscriptions read now instead of at their next poll, those
   * whose filter passes what it wrote when that is known.
   */
  notifyAppended(committed?: Committed): void {
    this.subscriptions.tell(committed);
  }

  async headPosition(): Promise<bigint> {
    return this.readers.head();
  }

  async ping(): Promise<void> {
    this.readers.ping();
  }

  async close(): Promise<void> {
    this.commits.flush();
    await this.subscriptions.closeAll();
    this.db.close();
  }
}
