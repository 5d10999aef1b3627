import { ANY, BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError, jsonEvent } from '@eventstore/db-client';
import { clientConnectionString } from '../config/event-store-url';
import { randomBytes } from 'node:crypto';
import { CitizenKeyStore, DoomedKeys, NewCitizenKey, StoredCitizenKey } from './citizen-key-store';

/** Apart from the citizens' streams (`citizen-`), which the projections read: no projection ever folds a key. */
const KEY_STREAM_PREFIX = 'overgang-keys-';
const ERASURES_STREAM = 'overgang-key-erasures-applied';
const KEY_CREATED = 'CitizenKeyCreated';
const KEY_REF_BYTES = 12;

type KeyCreated = { keyRef: string; wrapped: string };

/**
 * The key store on EventStoreDB: one stream of keys per citizen. Destroying keys truncates the stream before the
 * first key kept (`$tb`, the truncate-before metadata): the server stops serving them at once, and its scavenge,
 * which the operator schedules (docs/operations.md), removes them from its chunk files. A later key (a new NemID
 * for the same person) is appended after them and kept.
 */
export class EsdbCitizenKeyStore implements CitizenKeyStore {
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(clientConnectionString(connectionString));
  }

  private async keysOf(citizenId: string): Promise<{ key: StoredCitizenKey; revision: bigint }[]> {
    const keys: { key: StoredCitizenKey; revision: bigint }[] = [];
    try {
      for await (const resolved of this.client.readStream<{ type: typeof KEY_CREATED; data: KeyCreated }>(KEY_STREAM_PREFIX + citizenId, {
        direction: FORWARDS,
        fromRevision: START,
        requiresLeader: true,
      })) {
        const event = resolved.event;
        if (event?.type === KEY_CREATED) keys.push({ key: { citizenId, keyRef: event.data.keyRef, wrapped: event.data.wrapped }, revision: event.revision });
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return keys;
  }

  async get(citizenId: string, keyRef: string): Promise<StoredCitizenKey | undefined> {
    return (await this.keysOf(citizenId)).find(({ key }) => key.keyRef === keyRef)?.key;
  }

  /** Random references: a stream's revisions would name keys again after a truncation. */
  async add(keys: readonly NewCitizenKey[]): Promise<string[]> {
    const refs = keys.map(() => randomBytes(KEY_REF_BYTES).toString('base64url'));
    await Promise.all(
      keys.map(({ citizenId, wrapped }, i) =>
        this.client.appendToStream(KEY_STREAM_PREFIX + citizenId, jsonEvent({ type: KEY_CREATED, data: { keyRef: refs[i], wrapped } }), {
          expectedRevision: ANY,
        }),
      ),
    );
    return refs;
  }

  async destroy(doomed: readonly DoomedKeys[]): Promise<number> {
    const counts = await Promise.all(doomed.map(({ citizenId, keyRefs }) => this.destroyOf(citizenId, keyRefs)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private async destroyOf(citizenId: string, keyRefs: readonly string[]): Promise<number> {
    const found = (await this.keysOf(citizenId)).filter(({ key }) => keyRefs.includes(key.keyRef));
    if (found.length === 0) return 0;
    const truncateBefore = Number(found.reduce((last, { revision }) => (revision > last ? revision : last), 0n) + 1n);
    await this.client.setStreamMetadata(KEY_STREAM_PREFIX + citizenId, { truncateBefore });
    return found.length;
  }

  async erasuresAppliedThrough(): Promise<bigint> {
    try {
      for await (const resolved of this.client.readStream<{ type: 'ErasuresApplied'; data: { position: string } }>(ERASURES_STREAM, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
        requiresLeader: true,
      })) {
        if (resolved.event) return BigInt(resolved.event.data.position);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return 0n;
  }

  async markErasuresApplied(position: bigint): Promise<void> {
    await this.client.appendToStream(ERASURES_STREAM, jsonEvent({ type: 'ErasuresApplied', data: { position: position.toString() } }), {
      expectedRevision: ANY,
    });
  }

  async ping(): Promise<void> {
    await this.erasuresAppliedThrough();
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
