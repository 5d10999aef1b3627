import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderSync, syncFolder } from './folder-sync';

/** A folder sync the test finishes by hand, recording when each started. */
function controlledSync() {
  const started: { finish: () => void }[] = [];
  const sync = () => new Promise<void>((resolve) => started.push({ finish: resolve }));
  return { started, sync };
}

describe('FolderSync (group sync of a folder)', () => {
  it('a flush during a running sync waits for the next one, and all who arrive meanwhile share it', async () => {
    const { started, sync } = controlledSync();
    const folder = new FolderSync('/outbox', sync);
    const settled: string[] = [];
    const first = folder.flush().then(() => settled.push('first'));
    expect(started).toHaveLength(1);
    const second = folder.flush().then(() => settled.push('second'));
    const third = folder.flush().then(() => settled.push('third'));
    expect(started).toHaveLength(1);

    started[0].finish();
    await first;
    // The first sync may have started before the second and third renames: they need one more.
    expect(settled).toEqual(['first']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(2);
    started[1].finish();
    await Promise.all([second, third]);
    expect(settled).toEqual(['first', 'second', 'third']);
    expect(started).toHaveLength(2);
  });

  it('a failed sync fails its callers, and the next flush syncs again', async () => {
    let calls = 0;
    const folder = new FolderSync('/outbox', async () => {
      calls++;
      if (calls === 1) throw new Error('EIO');
    });
    await expect(folder.flush()).rejects.toThrow('EIO');
    await expect(folder.flush()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it('syncs a real folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overgang-sync-'));
    await expect(syncFolder(dir)).resolves.toBeUndefined();
    await expect(syncFolder(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
    rmSync(dir, { recursive: true });
  });
});
