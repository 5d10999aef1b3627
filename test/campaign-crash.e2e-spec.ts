import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { memoProblems } from './support/memo-validator';
import { seedPopulation } from './support/population';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';
import { startService, stopProcess as stop } from './support/service-process';
import { until } from './support/until';

const CITIZENS = 20_000;

const filesIn = (folder: string) => (existsSync(folder) ? readdirSync(folder) : []);

describe('a 20 000-citizen campaign killed halfway (SIGKILL), then resumed by two service processes at once', () => {
  let dataDir: string;
  let citizenIds: string[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'overgang-crash-'));
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
    citizenIds = await seedPopulation(store, join(dataDir, 'keys.sqlite'), CITIZENS, { exemptEvery: 20, partiallySightedEvery: 50, needsInfoUpdateEvery: 1 });
    await store.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }), 60_000);

  it('every targeted citizen has exactly one letter event, one delivery event and one whole file', async () => {
    const outbox = join(dataDir, 'outbox');
    const delivered = () => filesIn(join(outbox, 'digital-post')).length + filesIn(join(outbox, 'paper')).length;

    const agency = { authorization: `Bearer ${await tokenFor('agency', TEST_SUBJECTS.agency)}` };
    const first = await startService(dataDir);
    const start = await fetch(`${first.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: { ...agency, 'content-type': 'application/json' },
      body: JSON.stringify({ campaignId: 'national-2021', kind: 'update-info-letter', ratePerSecond: 3000 }),
    });
    expect(start.status).toBe(201);
    await until(
      async () => delivered(),
      (n) => n >= CITIZENS / 4,
      120_000,
    );
    await stop(first.child, 'SIGKILL');
    const atKill = delivered();
    expect(atKill).toBeLessThan(CITIZENS);

    // Two processes resume at once: the same campaign worker and delivery run twice, concurrently.
    const [a, b] = await Promise.all([startService(dataDir), startService(dataDir)]);
    try {
      const progress = await until(
        async () => (await (await fetch(`${a.url}/api/v1/campaigns/national-2021`, { headers: agency })).json()) as Record<string, unknown>,
        (view) => view.status === 'completed' && view.delivered === CITIZENS,
        120_000,
      );
      expect(progress).toMatchObject({ status: 'completed', targeted: CITIZENS, sent: CITIZENS, skipped: 0, delivered: CITIZENS, failed: 0 });
      // Starting it again changes nothing.
      const again = await fetch(`${b.url}/api/v1/campaigns`, {
        method: 'POST',
        headers: { ...agency, 'content-type': 'application/json' },
        body: JSON.stringify({ campaignId: 'national-2021', kind: 'update-info-letter', ratePerSecond: 3000 }),
      });
      expect(again.status).toBe(200);
    } finally {
      await Promise.all([stop(a.child, 'SIGTERM'), stop(b.child, 'SIGTERM')]);
    }

    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const perCitizen = (type: string) =>
        db.prepare<[string], { stream_id: string; n: number }>(`SELECT stream_id, COUNT(*) AS n FROM events WHERE type = ? GROUP BY stream_id`).all(type);
      for (const type of ['UpdateInfoLetterSent', 'DigitalPostDelivered']) {
        const counts = perCitizen(type);
        expect({ type, streams: counts.length }).toEqual({ type, streams: CITIZENS });
        expect(counts.filter((c) => c.n !== 1)).toEqual([]);
      }
      expect(new Set(perCitizen('UpdateInfoLetterSent').map((c) => c.stream_id))).toEqual(new Set(citizenIds.map((id) => `citizen-${id}`)));
    } finally {
      db.close();
    }

    const xml = filesIn(join(outbox, 'digital-post'));
    const pdf = filesIn(join(outbox, 'paper'));
    expect(xml.length + pdf.length).toBe(CITIZENS);
    expect(pdf.length).toBe(CITIZENS / 20);
    expect([...xml, ...pdf].filter((f) => !/^[0-9a-f-]{36}\.(xml|pdf)$/.test(f))).toEqual([]);
    // Whole files only: every message ends where a message ends; a sample is checked in full.
    for (const file of xml) expect(readFileSync(join(outbox, 'digital-post', file), 'utf8').endsWith('</memo:Message>\n')).toBe(true);
    for (const file of pdf)
      expect(
        readFileSync(join(outbox, 'paper', file), 'latin1')
          .trimEnd()
          .endsWith('%%EOF'),
      ).toBe(true);
    for (const file of xml.slice(0, 200)) expect(memoProblems(readFileSync(join(outbox, 'digital-post', file), 'utf8'))).toEqual([]);
  }, 240_000);
});
