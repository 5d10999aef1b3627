import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDisk, DiskFull, diskFullOr, isDiskFull, retryWhileDiskFull } from './data-disk';
import { inLanguage } from '../http/problem';

const full = (code: string) => Object.assign(new Error('no room'), { code });

describe('a full data disk', () => {
  it('is what the OS and SQLite call it: ENOSPC, EDQUOT, SQLITE_FULL', () => {
    for (const code of ['ENOSPC', 'EDQUOT', 'SQLITE_FULL']) expect(isDiskFull(full(code))).toBe(true);
    expect(isDiskFull(new DiskFull())).toBe(true);
    expect(isDiskFull(full('EACCES'))).toBe(false);
    expect(diskFullOr(full('SQLITE_FULL'))).toBeInstanceOf(DiskFull);
  });

  it('is answered 507 with Retry-After, in words that say nothing was recorded', () => {
    const error = new DiskFull();
    expect(inLanguage(error.problem(), 'en')).toEqual({
      type: 'urn:overgang:problem:disk-full',
      title: 'Insufficient storage',
      status: 507,
      detail: 'the data disk is full: nothing was recorded; try again later',
    });
    expect(inLanguage(error.problem(), 'da')).toMatchObject({
      title: 'Ikke plads på disken',
      detail: 'datadisken er fuld: intet blev registreret; prøv igen senere',
    });
    expect(error.headers()).toEqual({ 'Retry-After': '60' });
  });

  it('work that meets it waits and tries again, and says when it starts and stops waiting', async () => {
    const said: boolean[] = [];
    let calls = 0;
    const result = await retryWhileDiskFull(
      async () => {
        if (++calls < 4) throw full('ENOSPC');
        return 'done';
      },
      { firstPauseMs: 1, onWait: (waiting) => said.push(waiting) },
    );
    expect([result, calls, said]).toEqual(['done', 4, [true, false]]);
  });

  it('other errors pass at once; a stop ends the waiting with the disk-full error', async () => {
    await expect(retryWhileDiskFull(async () => Promise.reject(full('EACCES')))).rejects.toMatchObject({ code: 'EACCES' });
    const stop = new AbortController();
    const waiting = retryWhileDiskFull(async () => Promise.reject(full('SQLITE_FULL')), { signal: stop.signal, firstPauseMs: 60_000 });
    stop.abort();
    await expect(waiting).rejects.toBeInstanceOf(DiskFull);
  });

  it('the report writes a probe, leaves no file behind and gives the free space', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overgang-disk-'));
    try {
      const report = new DataDisk(dir).report();
      expect(report.writable).toBe(true);
      expect(report.freeBytes).toBeGreaterThan(0);
      expect(readdirSync(dir)).toEqual([]);
      expect(new DataDisk(join(dir, 'missing')).report()).toMatchObject({ writable: false, reason: 'the data folder cannot be written (ENOENT)' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
