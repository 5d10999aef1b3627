import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { COMPILED } from './support/service-process';

const ROOT = join(__dirname, '..');

describe('campaigns from the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'overgang-campaign-cli-'));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [COMPILED.cli, 'campaign', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }), 60_000);

  it('starts, repeats, pauses and shows a campaign, recorded in its stream', async () => {
    const started = cli('start', '--id', 'paper-2021', '--kind', 'update-info-letter', '--rate', '50', '--filter', 'digitalPostExempt=true');
    expect(started.status).toBe(0);
    expect(started.stdout).toMatch(/started campaign paper-2021/);
    const again = cli('start', '--id', 'paper-2021', '--kind', 'update-info-letter', '--rate', '50', '--filter', 'digitalPostExempt=true');
    expect(again.stdout).toMatch(/already exists/);
    expect(cli('pause', 'paper-2021').status).toBe(0);
    const status = cli('status', 'paper-2021');
    expect(status.stdout).toMatch(/│ status +│ paused +│/);
    expect(status.stdout).toMatch(/│ cohort +│ digitalPostExempt true +│/);
    const json = cli('status', 'paper-2021', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ campaignId: 'paper-2021', status: 'paused', cohort: { digitalPostExempt: true }, ratePerSecond: 50 });

    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const types: string[] = [];
    for await (const event of store.readStream('campaign-paper-2021')) types.push(event.type);
    await store.close();
    expect(types).toEqual(['CampaignStarted', 'CampaignPaused']);
  }, 60_000);

  it.each([
    [['start', '--kind', 'update-info-letter', '--rate', '0'], /--rate.*at least 1/],
    [['start', '--kind', 'update-info-letter', '--rate', '5', '--filter', 'shoeSize=42'], /unknown filter shoeSize/],
    [['start', '--kind', 'update-info-letter', '--rate', '5', '--start-at', '2001-01-01T00:00:00Z'], /startAt: must not be in the past/],
    [['pause', 'no-such-campaign'], /no campaign with this id/],
  ])(
    '%j fails in one line with exit code 2',
    (args, message) => {
      const result = cli(...args);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    },
    30_000,
  );
});
