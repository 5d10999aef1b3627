import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOnce } from './create-once';

describe('createOnce', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-once-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a file once; a later call keeps it and says it did not create it', () => {
    const file = join(dir, 'secret');
    expect(createOnce(file, 'first')).toBe(true);
    expect(createOnce(file, 'second')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['secret']);
  });

  it('six processes racing for it: exactly one creates it, and every one then reads what that one wrote', async () => {
    const file = join(dir, 'dev-secrets.json');
    const script = `const { createOnce } = require('./src/storage/create-once'); const fs = require('node:fs');
      const mine = 'content-' + process.pid; const created = createOnce(process.argv[1], mine);
      console.log(JSON.stringify({ created, mine, read: fs.readFileSync(process.argv[1], 'utf8') }));`;
    const runs = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<{ created: boolean; mine: string; read: string }>((resolve, reject) => {
            const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, file], { cwd: join(__dirname, '..', '..') });
            let out = '';
            child.stdout.on('data', (chunk) => (out += chunk));
            child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}`))));
          }),
      ),
    );
    const creators = runs.filter((run) => run.created);
    expect(creators).toHaveLength(1);
    expect(new Set(runs.map((run) => run.read))).toEqual(new Set([creators[0].mine]));
    expect(readdirSync(dir)).toEqual(['dev-secrets.json']);
  }, 60_000);
});
