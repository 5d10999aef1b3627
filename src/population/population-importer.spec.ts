import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCipher } from '../../test/support/population';
import { citizenStream, toCitizenEvent } from '../domain/citizen';
import { FixedClock } from '../domain/clock';
import { DEFAULT_TRANSITION_SCHEDULE } from '../domain/transition';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { PopulationImporter } from './population-importer';
import { RegisterFileRefused, inspectRegisterFile, registerBatches } from './register-file';
import { textOf } from '../domain/text';

const HEADER = 'cpr,nemIdIssuedOn,authenticator,nsisSubstantial,passport,digitalPostExempt,residesAbroad,addressProtected,visualImpairment';
const row = (cpr: string, issuedOn = '2015-06-01') => `${cpr},${issuedOn},code-card,true,danish,false,false,false,none`;
const context = { actor: { role: 'agency', subject: 'spec' }, correlationId: 'spec' };

describe('importing a register file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'overgang-import-spec-'));
  const cipher = testCipher();
  const { protector } = cipher;
  let store: SqliteEventStore;
  let importer: PopulationImporter;
  const write = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const inspect = (path: string) => inspectRegisterFile(path, { name: 'register.csv' });

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    importer = new PopulationImporter(store, cipher, new FixedClock(new Date('2021-08-02T10:00:00+02:00')), async () => DEFAULT_TRANSITION_SCHEDULE);
  });
  afterEach(() => store.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports every good row and rejects each bad one with its line, field and reason', async () => {
    const file = await inspect(
      write('mixed.csv', [
        HEADER,
        row('070761-4285'),
        row('0707614285'.slice(0, 9)),
        '',
        row('100380-1234', '2021-02-30'),
        row('070761-4285'),
        row('100300-4321', '2014-01-01'),
        'too,few,fields',
        row('100380-1234'),
      ]),
    );
    const state = await importer.run({ file, context });
    expect(state).toMatchObject({ status: 'completed', totals: { read: 7, imported: 2, alreadyPresent: 0, rejected: 5 } });
    const rejects = [];
    for await (const reject of importer.rejects(file.importId)) rejects.push({ ...reject, reason: textOf(reject.reason).en });
    expect(rejects).toEqual([
      { line: 3, field: 'cpr', reason: 'must be 10 digits, got 9' },
      { line: 5, field: 'nemIdIssuedOn', reason: 'must be a calendar date such as 2015-06-01' },
      { line: 6, field: 'cpr', reason: 'the same CPR number is on line 2 of this file' },
      { line: 7, field: 'nemIdIssuedOn', reason: 'the holder was under 15 on the issue date: a NemID is only issued from age 15 (rule minimum-age-15)' },
      { line: 8, field: 'line', reason: 'has 3 fields where the header has 9' },
    ]);
    const events = [];
    for await (const event of store.readStream(citizenStream(protector.citizenIdFor('0707614285')))) events.push(toCitizenEvent(event));
    expect(events).toEqual([
      expect.objectContaining({ type: 'NemIdImported', data: expect.objectContaining({ source: { register: 'nemid', importId: file.importId, line: 2 } }) }),
    ]);
  });

  it('finds a CPR number repeated in a later batch, and counts holders from elsewhere as already present', async () => {
    const first = await inspect(write('first.csv', [HEADER, row('070761-4285')]));
    await importer.run({ file: first, context });
    const lines = [HEADER, row('100380-1234'), row('070761-4285'), row('100380-1234'), row('100380-1234')];
    const second = await inspect(write('second.csv', lines));
    // Two rows a batch: the repeats on lines 4 and 5 are in the batch after the first, and both name line 2.
    const state = await importer.run({ file: second, context, batchSize: 2 });
    expect(state).toMatchObject({ status: 'completed', totals: { read: 4, imported: 1, alreadyPresent: 1, rejected: 2 } });
    const rejects = [];
    for await (const reject of importer.rejects(second.importId)) rejects.push({ ...reject, reason: textOf(reject.reason).en });
    expect(rejects).toEqual([
      { line: 4, field: 'cpr', reason: 'the same CPR number is on line 2 of this file' },
      { line: 5, field: 'cpr', reason: 'the same CPR number is on line 2 of this file' },
    ]);
  });

  it('stopped after a batch, the same file continues from the cursor and the totals add up', async () => {
    const lines = [HEADER, row('070761-4285'), row('100380-1234'), row('010190-1236'), row('020290-2344')];
    const file = await inspect(write('resume.csv', lines));
    const stop = new AbortController();
    // Stopping finishes the batch in hand: with one row per batch, two rows are in when the first batch is recorded.
    const partial = await importer.run({ file, context, batchSize: 1, signal: stop.signal, onBatch: () => stop.abort() });
    expect(partial).toMatchObject({ status: 'running', cursor: { line: 3 }, totals: { read: 2, imported: 2 } });
    const done = await importer.run({ file, context, batchSize: 2 });
    expect(done).toMatchObject({ status: 'completed', totals: { read: 4, imported: 4, alreadyPresent: 0, rejected: 0 } });
    const again = await importer.run({ file, context });
    expect(again).toEqual(done);
  });

  it('nemid-shut-down: a register read after NemID closed is refused once, before anything is recorded', async () => {
    const file = await inspect(write('late.csv', [HEADER, row('070761-4285')]));
    const late = new PopulationImporter(store, cipher, new FixedClock(new Date('2023-11-01T09:00:00+01:00')), async () => DEFAULT_TRANSITION_SCHEDULE);
    await expect(late.run({ file, context })).rejects.toMatchObject({ rule: 'nemid-shut-down' });
    await expect(late.dryRun(file)).rejects.toMatchObject({ rule: 'nemid-shut-down' });
    expect(await store.headPosition()).toBe(0n);
  });

  it('reads the file from a byte offset, line numbers kept, with \\r\\n line ends', async () => {
    const path = join(dir, 'crlf.csv');
    writeFileSync(path, [HEADER, row('070761-4285'), row('100380-1234'), row('010190-1236')].join('\r\n'));
    const file = await inspect(path);
    const batches = [];
    for await (const batch of registerBatches(file, { line: 1, byte: 0 }, 2)) batches.push(batch);
    expect(batches.map((b) => b.lines.map((l) => l.line))).toEqual([[2, 3], [4]]);
    const resumed = [];
    for await (const batch of registerBatches(file, batches[0].through, 2)) resumed.push(...batch.lines);
    expect(resumed).toEqual([{ line: 4, values: expect.objectContaining({ cpr: '010190-1236', visualImpairment: 'none' }) }]);
  });

  it.each([
    ['a wrong header', ['cpr,issued,authenticator', row('070761-4285')], /the CSV header must name the columns .*: missing nemIdIssuedOn/],
    ['a CPR number where the header should be', [row('070761-4285')], /unknown \(a value, not a column name\)/],
    ['an NDJSON file without the version line', ['{"cpr":"070761-4285"}'], /the first line must be \{"format":"nemid-register","version":1\}/],
    ['an empty file', [''], /the first line must be the header, and it is empty/],
  ])('refuses %s as a whole, without echoing it', async (_, lines, message) => {
    const path = write('bad.csv', lines as string[]);
    const refusal = await inspect(path).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RegisterFileRefused);
    expect((refusal as Error).message).toMatch(message);
    expect((refusal as Error).message).not.toMatch(/070761/);
  });

  it('refuses binary and non-UTF-8 files', async () => {
    const binary = join(dir, 'binary.csv');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    await expect(inspect(binary)).rejects.toThrow('the file is binary (it holds NUL bytes), not a register file');
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.concat([Buffer.from(HEADER + '\n'), Buffer.from([0x72, 0xf8, 0x64, 0x0a])]));
    await expect(inspect(latin1)).rejects.toThrow('the file is not UTF-8 text (line 2 holds bytes that are not UTF-8)');
  });
});
