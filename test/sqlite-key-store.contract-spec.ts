import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCitizenKeyStore } from '../src/personal-data/sqlite-citizen-key-store';
import { describeCitizenKeyStoreContract } from './citizen-key-store.contract';

const directory = mkdtempSync(join(tmpdir(), 'overgang-keys-contract-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeCitizenKeyStoreContract(
  'embedded SQLite',
  async () => new SqliteCitizenKeyStore(join(directory, 'keys.sqlite')),
  (keys) => keys.close(),
);

describe('the embedded key store on disk', () => {
  it('leaves no byte of a destroyed key in its files, WAL included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overgang-keys-disk-'));
    try {
      const keys = new SqliteCitizenKeyStore(join(dir, 'keys.sqlite'));
      const wrapped = `k1.${'A'.repeat(40)}-destroyed-key-bytes`;
      const [ref] = await keys.add([{ citizenId: 'c1', wrapped }]);
      await keys.add([{ citizenId: 'c2', wrapped: 'k1.kept' }]);
      const everything = () =>
        readdirSync(dir)
          .map((file) => readFileSync(join(dir, file)).toString('latin1'))
          .join('');
      expect(everything()).toContain('destroyed-key-bytes');
      await keys.destroy([{ citizenId: 'c1', keyRefs: [ref] }]);
      expect(everything()).not.toContain('destroyed-key-bytes');
      await keys.close();
      expect(everything()).not.toContain('destroyed-key-bytes');
      expect(everything()).toContain('k1.kept');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
