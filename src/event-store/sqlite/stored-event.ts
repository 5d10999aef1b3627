import type { EventMetadata, RecordedEvent } from '../event-store';

/** A row as read in global or stream order: better-sqlite3 makes arrays a third faster than objects, and reads make millions. */
export type EventRow = [position: number, id: string, streamId: string, revision: number, type: string, data: string, metadata: string];
export type InOrderRow = [position: number, streamId: string, revision: number, type: string, data: string];
export type IdAndMetadata = { id: string; metadata: string };

export const COLUMNS = 'position, id, stream_id, revision, type, data, metadata';
/** Stream-order reads leave out the id and the metadata, more than half of a row's bytes (a rebuild never asks for them). */
export const IN_ORDER_COLUMNS = 'position, stream_id, revision, type, data';

/**
 * An event as read from the file, for both orders. Its metadata is parsed when first asked for (folds and
 * projections, which read the most events, never ask); a stream-order read leaves the id and metadata in the
 * file until then. A class rather than an object literal with accessors, which cost more to make than reading
 * and parsing the event (docs/benchmarks.md): so `id` and `metadata` are accessors of the class, and a copy of
 * an event names them (as `{ ...event }` would not).
 */
export class StoredEvent implements RecordedEvent {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  #id: string | undefined;
  #rawMetadata: string | undefined;
  #metadata: EventMetadata | undefined;
  readonly #readRest: ((position: number) => IdAndMetadata) | undefined;

  private constructor(
    position: number,
    streamId: string,
    revision: number,
    type: string,
    data: string,
    id?: string,
    metadata?: string,
    readRest?: (position: number) => IdAndMetadata,
  ) {
    this.position = BigInt(position);
    this.streamId = streamId;
    this.revision = BigInt(revision);
    this.type = type;
    this.data = JSON.parse(data);
    this.#id = id;
    this.#rawMetadata = metadata;
    this.#readRest = readRest;
  }

  static of([position, id, streamId, revision, type, data, metadata]: EventRow): StoredEvent {
    return new StoredEvent(position, streamId, revision, type, data, id, metadata);
  }

  static inOrder([position, streamId, revision, type, data]: InOrderRow, readRest: (position: number) => IdAndMetadata): StoredEvent {
    return new StoredEvent(position, streamId, revision, type, data, undefined, undefined, readRest);
  }

  get id(): string {
    if (this.#id === undefined) this.#readTheRest();
    return this.#id!;
  }

  get metadata(): EventMetadata {
    if (this.#metadata) return this.#metadata;
    if (this.#rawMetadata === undefined) this.#readTheRest();
    return (this.#metadata = JSON.parse(this.#rawMetadata!) as EventMetadata);
  }

  #readTheRest(): void {
    const rest = this.#readRest!(Number(this.position));
    this.#id = rest.id;
    this.#rawMetadata = rest.metadata;
  }
}
