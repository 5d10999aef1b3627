import { openSqliteFile } from '../storage/sqlite-file';
import { EVENTS_FILE_REMEDY } from '../event-store/sqlite/file-faults';
import { CitizenCipher, isSealedPerCitizen } from './citizen-cipher';

/** The events that carry personal values, and the fields that hold them. */
const SEALED_FIELDS: Record<string, readonly string[]> = {
  NemIdIssued: ['protectedCpr'],
  NemIdImported: ['protectedCpr'],
  DeliveryAddressRegistered: ['protectedAddress'],
};
const PAGE = 1000;
const CITIZEN_STREAM = 'citizen-';

export interface ResealProgress {
  /** Events with personal values looked at so far, and in all. */
  scanned: number;
  total: number;
  /** Values sealed anew with their citizen's key. */
  resealed: number;
}

/**
 * Seals the values of an embedded store that were sealed with a master key (before per-citizen keys) with each
 * citizen's own key, in place in `events.sqlite`: the one change ever made to stored events, and only to the
 * ciphertext of these fields (ids, types, positions and every other value stay as they were). The keys are stored
 * before the events that name them; a value already sealed per citizen is left alone, so a run stopped anywhere
 * is simply run again.
 */
export async function resealLegacyValues(eventsPath: string, cipher: CitizenCipher, onProgress?: (progress: ResealProgress) => void): Promise<ResealProgress> {
  const db = openSqliteFile(eventsPath, { remedy: EVENTS_FILE_REMEDY, synchronous: 'FULL', checkPages: false });
  try {
    const types = Object.keys(SEALED_FIELDS);
    const marks = types.map(() => '?').join(',');
    const total = db
      .prepare(`SELECT count(*) FROM events WHERE type IN (${marks})`)
      .pluck()
      .get(...types) as number;
    const page = db.prepare(
      `SELECT position, stream_id AS streamId, type, data FROM events WHERE type IN (${marks}) AND position > ? ORDER BY position LIMIT ${PAGE}`,
    );
    const update = db.prepare('UPDATE events SET data = ? WHERE position = ?');
    const progress: ResealProgress = { scanned: 0, total, resealed: 0 };
    let after = 0;
    for (;;) {
      const rows = page.all(...types, after) as { position: number; streamId: string; type: string; data: string }[];
      if (rows.length === 0) break;
      after = rows[rows.length - 1].position;
      const changed: { position: number; data: Record<string, unknown> }[] = [];
      const values: { citizenId: string; plaintext: string; at: { row: number; field: string } }[] = [];
      for (const row of rows) {
        if (!row.streamId.startsWith(CITIZEN_STREAM)) continue;
        const data = JSON.parse(row.data) as Record<string, unknown>;
        const legacy = SEALED_FIELDS[row.type].filter((field) => typeof data[field] === 'string' && !isSealedPerCitizen(data[field] as string));
        if (legacy.length === 0) continue;
        changed.push({ position: row.position, data });
        for (const field of legacy) {
          const citizenId = row.streamId.slice(CITIZEN_STREAM.length);
          values.push({ citizenId, plaintext: cipher.protector.decrypt(data[field] as string), at: { row: changed.length - 1, field } });
        }
      }
      const sealed = await cipher.encryptAll(values);
      values.forEach(({ at }, i) => (changed[at.row].data[at.field] = sealed[i]));
      db.transaction(() => changed.forEach(({ position, data }) => update.run(JSON.stringify(data), position)))();
      progress.scanned += rows.length;
      progress.resealed += values.length;
      onProgress?.(progress);
    }
    return { ...progress, scanned: progress.total };
  } finally {
    db.close();
  }
}
