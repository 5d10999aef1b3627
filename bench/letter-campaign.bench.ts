import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECTIONS } from '../projections';
import { CampaignCommandHandler } from '../src/streams/campaign-command.handler';
import { CampaignWorker } from '../src/campaigns/campaign-worker';
import { CitizenCommandHandler } from '../src/streams/citizen-command.handler';
import { DropFolderChannel } from '../src/digital-post/channels/drop-folder';
import { DeliveryDispatcher } from '../src/digital-post/delivery-dispatcher';
import { DeliveryPosition } from '../src/digital-post/delivery-position';
import { LetterRenderer } from '../src/digital-post/letter-renderer';
import { FixedClock } from '../src/domain/clock';
import { letterTextsFor } from '../src/domain/notices';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { keysFromSettings } from '../src/personal-data/keys';
import { PersonalDataProtector } from '../src/personal-data/personal-data-protector';
import { ProjectionEngine } from '../src/projection-engine/projection-engine';
import { ReadModelStore } from '../src/projection-engine/read-model-store';
import { TEST_KEYS, seedPopulation, testCipher } from '../test/support/population';
import { measure, report, scratchDir } from './harness';
import { renderHtmlLetter } from '../src/digital-post/html-letter';
import { PaperLetterTemplate } from '../src/digital-post/paper-letter';

/**
 * A whole update-info-letter campaign (select from citizen-status, decide on each citizen's
 * stream, append the letter, render MeMo or PDF, write to the drop folder, append the delivery),
 * next to a raw baseline doing the same work in hand-written better-sqlite3 and fs calls.
 * Population: everyone must update; 1 in 20 exempt from Digital Post (paper), 1 in 50 large print.
 */
const CITIZENS = Number(process.env.BENCH_CAMPAIGN_CITIZENS ?? 100_000);
/** Issue 20: the whole campaign at no less than 70 % of the same work written by hand. */
const TARGET_RATIO = 0.7;
const NOW = new Date('2021-10-04T08:00:00Z');

async function seed(dir: string): Promise<void> {
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
  await seedPopulation(store, join(dir, 'keys.sqlite'), CITIZENS, { exemptEvery: 20, partiallySightedEvery: 50, needsInfoUpdateEvery: 1 });
  const readModels = new ReadModelStore(join(dir, 'read-models.sqlite'));
  const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
  await engine.start();
  await engine.caughtUp();
  await engine.stop();
  readModels.close();
  await store.close();
}

/** The same work without the application: one transaction per 1 000 letters, templates by hand. */
async function rawCampaign(dir: string): Promise<number> {
  const db = new Database(join(dir, 'events.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const readModels = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
  const keys = new Database(join(dir, 'keys.sqlite'), { readonly: true });
  const keyOf = keys.prepare('SELECT wrapped FROM citizen_keys WHERE id = ? AND citizen_id = ?').pluck();
  const protector = new PersonalDataProtector(keysFromSettings(TEST_KEYS));
  const texts = letterTextsFor('update-info-letter');
  const document = Buffer.from(renderHtmlLetter(texts.da, 'da', false)).toString('base64');
  const paper = await PaperLetterTemplate.create(texts, false);
  const outbox = join(dir, 'outbox');
  for (const folder of ['digital-post', 'paper']) mkdirSync(join(outbox, folder), { recursive: true });
  const page = readModels.prepare('SELECT partition FROM rm_citizen_status WHERE needsInfoUpdate = 1 AND partition > ? ORDER BY partition LIMIT 1000');
  const history = db.prepare('SELECT type, data FROM events WHERE stream_id = ? ORDER BY revision');
  const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const metadata = JSON.stringify({
    occurredAt: NOW.toISOString(),
    correlationId: 'raw',
    causationId: 'raw',
    actor: { role: 'bench', subject: 'raw' },
    schemaVersion: 1,
  });
  let after = '';
  let letters = 0;
  for (;;) {
    const ids = page.all(after) as { partition: string }[];
    if (ids.length === 0) break;
    after = ids[ids.length - 1].partition;
    db.transaction(() => {
      for (const { partition } of ids) {
        const stream = `citizen-${partition}`;
        const events = history.all(stream) as { type: string; data: string }[];
        const issued = JSON.parse(events[0].data) as { protectedCpr: string; profile: { needsInfoUpdate: boolean; digitalPostExempt: boolean } };
        if (!issued.profile.needsInfoUpdate || events.some((e) => e.type === 'UpdateInfoLetterSent')) continue;
        const id = `${partition}-letter`;
        insert.run(id, stream, events.length, 'UpdateInfoLetterSent', JSON.stringify({ campaignId: 'raw', sentOn: '2021-10-04' }), metadata, 0);
        // The citizen's data key, unwrapped with the master key, opens the CPR number (as the service does).
        const wrapped = keyOf.get(Number(issued.protectedCpr.slice(1, issued.protectedCpr.indexOf('.'))), partition) as string;
        const cpr = protector.open(Buffer.from(protector.decrypt(wrapped), 'base64'), issued.protectedCpr);
        if (issued.profile.digitalPostExempt) {
          const pdf = paper.fill({ addressLines: [cpr], date: '4. oktober 2021', reference: id });
          writeDurably(join(outbox, 'paper', `.tmp-${id}`), pdf);
          renameSync(join(outbox, 'paper', `.tmp-${id}`), join(outbox, 'paper', `${id}.pdf`));
        } else {
          const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.1" memoSchVersion="1.1.0"><memo:MessageHeader><memo:messageType>DIGITALPOST</memo:messageType><memo:messageUUID>${id}</memo:messageUUID><memo:label>${texts.da.label}</memo:label><memo:Recipient><memo:recipientID>${cpr}</memo:recipientID><memo:idType>CPR</memo:idType></memo:Recipient></memo:MessageHeader><memo:MessageBody><memo:MainDocument><memo:File><memo:content>${document}</memo:content></memo:File></memo:MainDocument></memo:MessageBody></memo:Message>\n`;
          writeDurably(join(outbox, 'digital-post', `.tmp-${id}`), xml);
          renameSync(join(outbox, 'digital-post', `.tmp-${id}`), join(outbox, 'digital-post', `${id}.xml`));
        }
        insert.run(`${id}-delivered`, stream, events.length + 1, 'DigitalPostDelivered', JSON.stringify({ campaignId: 'raw', letterEventId: id }), metadata, 0);
        letters++;
      }
      // The renames of this page survive a power loss before its delivery events commit.
      for (const folder of ['digital-post', 'paper']) syncFolder(join(outbox, folder));
    })();
  }
  db.close();
  keys.close();
  readModels.close();
  return letters;
}

/** The same durability as the drop folder: the bytes synced before the rename, the folder after. */
function writeDurably(file: string, body: string | Buffer): void {
  const fd = openSync(file, 'w');
  writeSync(fd, typeof body === 'string' ? Buffer.from(body) : body);
  fsyncSync(fd);
  closeSync(fd);
}

function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

async function campaign(dir: string): Promise<number> {
  const clock = new FixedClock(NOW);
  const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
  const readModels = new ReadModelStore(join(dir, 'read-models.sqlite'));
  const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
  const campaigns = new CampaignCommandHandler(store, clock);
  const citizens = new CitizenCommandHandler(store, clock);
  const worker = new CampaignWorker(campaigns, citizens, readModels, engine, clock, { batchSize: 1000, idleMs: 10 });
  const cipher = testCipher(join(dir, 'keys.sqlite'));
  const renderer = await LetterRenderer.create({ cvr: '34051178' });
  const dispatcher = new DeliveryDispatcher(
    store,
    citizens,
    new DeliveryPosition(readModels.path),
    cipher,
    renderer,
    new DropFolderChannel(join(dir, 'outbox')),
    clock,
    { idleMs: 10 },
  );
  await engine.start();
  await worker.start();
  await dispatcher.start();
  const context = { actor: { role: 'agency', subject: 'bench' }, correlationId: 'bench' };
  await campaigns.handle(
    'bench',
    { type: 'StartCampaign', data: { campaignId: 'bench', kind: 'update-info-letter', cohort: {}, ratePerSecond: 100_000 } },
    context,
  );
  for (;;) {
    const { state } = await campaigns.load('bench');
    if (
      state.status === 'completed' &&
      readdirSync(join(dir, 'outbox', 'digital-post')).length + readdirSync(join(dir, 'outbox', 'paper')).length >= state.totals.sent
    ) {
      await dispatcher.stop();
      await worker.stop();
      await engine.stop();
      readModels.close();
      await cipher.keys.close();
      await store.close();
      return state.totals.sent;
    }
    // Listing the outbox is not free: look every 100 ms, not in a tight loop that competes with the workers.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  // As the service runs by default (LOG_LEVEL=info): the per-letter debug lines are not written.
  Logger.overrideLogger(['log', 'warn', 'error', 'fatal']);
  const scratch = scratchDir('campaign');
  const subjectDir = join(scratch.dir, 'subject');
  const baselineDir = join(scratch.dir, 'baseline');
  mkdirSync(subjectDir);
  mkdirSync(baselineDir);
  await seed(subjectDir);
  for (const file of ['events.sqlite', 'read-models.sqlite', 'keys.sqlite']) copyFileSync(join(subjectDir, file), join(baselineDir, file));

  let rawLetters = 0;
  const baseline = await measure('raw: better-sqlite3 select/read/insert + template + write/fsync/rename, folder fsync per page', CITIZENS, async () => {
    rawLetters = await rawCampaign(baselineDir);
  });
  let letters = 0;
  const subject = await measure('campaign worker + Digital Post delivery (drop folder), through the EventStore port', CITIZENS, async () => {
    letters = await campaign(subjectDir);
  });
  scratch.remove();
  if (letters !== CITIZENS || rawLetters !== CITIZENS) throw new Error(`letters: subject ${letters}, raw ${rawLetters}, expected ${CITIZENS}`);

  const result = {
    name: 'letter campaign end to end (update-info-letter)',
    letters: CITIZENS,
    subject,
    baseline,
    ratio: subject.perSecond / baseline.perSecond,
    target: TARGET_RATIO,
    met: subject.perSecond / baseline.perSecond >= TARGET_RATIO,
    nationalCampaignMinutes: 5_400_000 / subject.perSecond / 60,
  };
  console.log(
    `${result.met ? 'MET ' : 'MISS'} ${result.name}: ${Math.round(subject.perSecond).toLocaleString('en')} letters/s over ${CITIZENS.toLocaleString('en')} citizens ` +
      `(raw ${Math.round(baseline.perSecond).toLocaleString('en')}/s, ratio ${(result.ratio * 100).toFixed(1)} %, target ${TARGET_RATIO * 100} %; 5.4 M in ${result.nationalCampaignMinutes.toFixed(1)} min)`,
  );
  report('letter-campaign.json', { measuredAt: new Date().toISOString(), results: [result] });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
