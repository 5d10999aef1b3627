import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTokenSecret } from './token-secret';

describe('loadTokenSecret', () => {
  it('uses AUTH_JWT_SECRET when given', () => {
    expect(Buffer.from(loadTokenSecret('s'.repeat(32), { dataDir: '/nonexistent' })).toString()).toBe('s'.repeat(32));
  });

  it('generates a development secret once into the data folder, readable by its owner only, and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-secret-'));
    const warnings: string[] = [];
    const first = loadTokenSecret(undefined, { dataDir, warn: (m) => warnings.push(m) });
    const second = loadTokenSecret(undefined, { dataDir, warn: (m) => warnings.push(m) });
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dataDir, 'dev-token-secret')).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
  });
});
