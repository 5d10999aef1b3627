import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECTIONS } from '../../projections';
import { seedPopulation } from '../../test/support/population';
import { until } from '../../test/support/until';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { FixedClock } from '../domain/clock';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from '../projection-engine/projection-engine';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { CampaignCommandHandler } from '../streams/campaign-command.handler';
import { CampaignWorker } from './campaign-worker';

describe('the campaign worker wakes up when a campaign starts', () => {
  it('with a pause of a minute between idle rounds, a campaign started meanwhile is sent at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overgang-worker-'));
    const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    const readModels = new ReadModelStore(join(dir, 'read-models.sqlite'));
    const clock = new FixedClock(new Date('2021-10-04T08:00:00Z'));
    await seedPopulation(store, ':memory:', 3, {
      exemptEvery: 0,
      partiallySightedEvery: 0,
      needsInfoUpdateEvery: 1,
    });
    const engine = new ProjectionEngine(store, readModels, PROJECTIONS);
    const campaigns = new CampaignCommandHandler(store, clock);
    const worker = new CampaignWorker(campaigns, new CitizenCommandHandler(store, clock), readModels, engine, clock, { idleMs: 60_000, events: store });
    await engine.start();
    try {
      await worker.start();
      // The first round finds nothing to do; the loop now pauses for a minute.
      await new Promise((resolve) => setImmediate(resolve));
      await campaigns.handle(
        'wake-up',
        { type: 'StartCampaign', data: { campaignId: 'wake-up', kind: 'update-info-letter', cohort: {}, ratePerSecond: 1000 } },
        { actor: { role: 'test', subject: 'test' }, correlationId: 'test' },
      );
      const status = await until(
        async () => (await campaigns.load('wake-up')).state.status,
        (s) => s === 'completed',
        10_000,
      );
      expect(status).toBe('completed');
      expect((await campaigns.load('wake-up')).state).toMatchObject({ totals: { sent: 3 } });
    } finally {
      await worker.stop();
      await engine.stop();
      readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
