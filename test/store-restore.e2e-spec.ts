import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPENING_REASON, issueNemIdBody } from './support/requests';
import { ROOT, startService, stopProcess } from './support/service-process';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';
import { until } from './support/until';

/** The operations guide's restore steps: the bash block that starts with `# restore`, as an operator would paste it. */
function restoreSteps(): string {
  const guide = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
  const block = [...guide.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]).find((text) => text.startsWith('# restore'));
  if (!block) throw new Error('docs/operations.md has no restore steps (a bash block starting with "# restore")');
  return block;
}

describe('a backup taken while the service runs, restored with the operations guide’s steps', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-restore-'));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

  it('is the events and the keys in a folder made for them, passes store check, and the service serves what it holds', async () => {
    const dataDir = join(dir, 'data');
    const backup = join(dir, 'backups', 'events-2021-10-04.sqlite');
    const env = { DATA_DIR: dataDir, BACKUP: backup };
    const headers = async (role: 'citizen-service' | 'support' | 'agency') => ({
      authorization: `Bearer ${await tokenFor(role, TEST_SUBJECTS[role])}`,
      'content-type': 'application/json',
    });
    const issue = async (url: string, cpr: string) => {
      const response = await fetch(`${url}/api/v1/citizens`, {
        method: 'POST',
        headers: await headers('citizen-service'),
        body: JSON.stringify(issueNemIdBody({ cpr })),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { citizenId: string }).citizenId;
    };
    const cli = (...args: string[]) =>
      spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, encoding: 'utf8' });

    const first = await startService(dataDir);
    let kept: string[];
    let after: string;
    try {
      kept = [await issue(first.url, '070761-4285'), await issue(first.url, '110168-2130')];
      const backedUp = cli('store', 'backup', backup);
      expect({ status: backedUp.status, stderr: backedUp.stderr.replace(/\r?backup .*\n?/g, '') }).toEqual({ status: 0, stderr: '' });
      expect(readdirSync(join(dir, 'backups')).sort()).toEqual(['events-2021-10-04.keys.sqlite', 'events-2021-10-04.sqlite']);
      after = await issue(first.url, '240289-1237');
    } finally {
      await stopProcess(first.child, 'SIGTERM');
    }

    const restored = spawnSync('bash', ['-euo', 'pipefail', '-c', restoreSteps()], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    expect({ status: restored.status, stderr: restored.stderr }).toEqual({ status: 0, stderr: '' });
    expect(restored.stdout).toContain(`${join(dataDir, 'events.sqlite')}: ok`);
    expect(restored.stdout).toContain(`${join(dataDir, 'read-models.sqlite')}: not there (rebuilt from the events at the next start)`);
    expect(restored.stdout).toContain(`${join(dataDir, 'keys.sqlite')}: ok`);

    const again = await startService(dataDir);
    try {
      const support = await headers('support');
      const open = (citizenId: string) =>
        fetch(`${again.url}/api/v1/citizens/${citizenId}/openings`, { method: 'POST', headers: support, body: JSON.stringify({ reason: OPENING_REASON }) });
      for (const citizenId of kept) expect((await open(citizenId)).status).toBe(200);
      expect((await open(after)).status).toBe(404);
      const progress = await until(
        async () => (await (await fetch(`${again.url}/api/v1/progress`, { headers: await headers('agency') })).json()) as { total: number },
        (view) => view.total === kept.length,
        30_000,
      );
      expect(progress.total).toBe(kept.length);
    } finally {
      await stopProcess(again.child, 'SIGTERM');
    }
  }, 240_000);
});
