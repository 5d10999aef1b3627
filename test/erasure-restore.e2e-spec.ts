import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '../src/domain/clock';
import { retiredHolder } from './support/erasure';
import { COMPILED, ROOT } from './support/service-process';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

const storeCheck = (dataDir: string) =>
  spawnSync(process.execPath, [COMPILED.cli, 'store', 'check'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });

const keyRefsOf = (dataDir: string, citizenId: string) => {
  const db = new Database(join(dataDir, 'keys.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id FROM citizen_keys WHERE citizen_id = ?').pluck().all(citizenId);
  } finally {
    db.close();
  }
};

describe('a key store restored from before an erasure', () => {
  const clock = new FixedClock(new Date('2022-03-10T10:00:00Z'));
  let t: TestApp | undefined;
  afterAll(() => t?.close(), 60_000);

  it('does not bring the person back: store check reports the key, the next start destroys it again, a rebuild shows them forgotten', async () => {
    t = await startApp(clock);
    const { dataDir } = t;
    const holder = await retiredHolder(t, '070761-4285');
    await t.close();
    const before = join(dataDir, 'keys-before.sqlite');
    copyFileSync(join(dataDir, 'keys.sqlite'), before);
    // The CPR number's key and the delivery address's.
    expect(keyRefsOf(dataDir, holder.citizenId)).toHaveLength(2);

    t = await startApp(clock, { dataDir });
    await t.as('agency').post(`/api/v1/citizens/${holder.citizenId}/erasure`).send({ basis: 'agency-decision' }).expect(200);
    await t.close();
    t = undefined;
    expect(keyRefsOf(dataDir, holder.citizenId)).toHaveLength(0);

    // The operator restores keys.sqlite from the older backup (and the read models are rebuilt).
    for (const file of ['keys.sqlite-wal', 'keys.sqlite-shm', 'read-models.sqlite', 'read-models.sqlite-wal', 'read-models.sqlite-shm']) {
      if (existsSync(join(dataDir, file))) rmSync(join(dataDir, file));
    }
    copyFileSync(before, join(dataDir, 'keys.sqlite'));
    expect(keyRefsOf(dataDir, holder.citizenId)).toHaveLength(2);
    const found = storeCheck(dataDir);
    expect(found.status).toBe(1);
    expect(found.stdout).toContain(`${join(dataDir, 'keys.sqlite')}: still holds 2 key(s) that recorded erasures destroyed`);

    t = await startApp(clock, { dataDir });
    expect(keyRefsOf(dataDir, holder.citizenId)).toHaveLength(0);
    expect(storeCheck(dataDir).status).toBe(0);
    await (await t.asCitizen(holder.citizenId)).get(`/api/v1/me/letters/${holder.letterId}`).expect(410);
    const rows = await until(
      async () => (await t!.as('support').get('/api/v1/citizens?status=forgotten').expect(200)).body.items,
      (items) => items.length === 1,
    );
    expect(rows[0]).toMatchObject({ citizenId: holder.citizenId, status: 'forgotten', profile: null });
  }, 90_000);
});
