import { gzipSync } from 'node:zlib';
import { FixedClock } from '../src/domain/clock';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store';
import { generatePopulation, registerHeader, registerLine } from '../src/population/population-generator';
import { issueNemIdBody, openRecord } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

process.env.POPULATION_UPLOAD_LIMIT_MIB = '1';

const HEADER = 'cpr,nemIdIssuedOn,authenticator,nsisSubstantial,passport,digitalPostExempt,residesAbroad,addressProtected,visualImpairment';

/** One population for the whole file, cut into parts: each test imports holders no other test has. */
const POPULATION = [...generatePopulation({ citizens: 3250, seed: 21, asOf: '2021-08-01' })];
const part = (from: number, to: number) => POPULATION.slice(from, to);

function registerFile(records: typeof POPULATION, extra: string[] = []): string {
  return [registerHeader('csv'), ...records.map((record) => registerLine(record, 'csv')), ...extra].join('\n') + '\n';
}

describe('population imports over HTTP (agency)', () => {
  let test: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    test = await startApp(new FixedClock(new Date('2021-09-01T10:00:00+02:00')));
    store = test.app.get(EVENT_STORE);
  }, 60_000);
  afterAll(() => test.close(), 30_000);

  const upload = (body: string | Buffer, type = 'text/csv') => test.as('agency').post('/api/v1/population/imports').set('Content-Type', type).send(body);
  const view = (location: string) => test.as('agency').get(location);
  const completed = (location: string) =>
    until(
      () => view(location),
      (response) => response.body.status === 'completed',
      60_000,
    );

  it('imports an uploaded register in the background; the agency follows it, downloads the rejects, and the read models follow', async () => {
    // Someone already issued at the desk is in the register too: already present, never doubled.
    const desk = await test
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send(issueNemIdBody({ cpr: '070761-4285' }))
      .expect(201);
    const file = registerFile(part(0, 3000), [
      '070761-4285,2014-05-20,code-card,true,danish,false,false,false,none',
      '070761-428,2014-05-20,code-card,true,danish,false,false,false,none',
      '100380-1234,2014-05-20,code-card,maybe,danish,false,false,false,none',
    ]);
    const accepted = await upload(file).expect(202);
    expect(accepted.headers['content-type']).toMatch(/application\/json/);
    expect(accepted.body).toMatchObject({ status: 'running', format: 'csv', bytes: Buffer.byteLength(file) });
    const location = accepted.headers.location as string;
    expect(location).toBe(`/api/v1/population/imports/${accepted.body.importId}`);

    const done = await completed(location);
    expect(done.body).toMatchObject({
      status: 'completed',
      bytesRead: Buffer.byteLength(file),
      etaSeconds: 0,
      rows: { read: 3003, imported: 3000, alreadyPresent: 1, rejected: 2 },
    });
    expect(done.body.rowsPerSecond).toBeGreaterThan(0);

    const rejects = await test.as('agency').get(`${location}/rejects`).expect(200);
    expect(rejects.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(rejects.text).toBe('line,field,reason\n3003,cpr,"must be 10 digits, got 9"\n3004,nsisSubstantial,must be true or false\n');

    const record = await openRecord(test.as('support'), desk.body.citizenId, 'Checking the desk record stays single').expect(200);
    expect(record.body.timeline.map((e: { type: string }) => e.type)).toEqual(['NemIdIssued']);

    const progress = await until(
      () => test.as('agency').get('/api/v1/progress'),
      (response) => response.body.byStatus?.['nemid-active'] === 3001,
      30_000,
    );
    expect(progress.body.total).toBe(3001);
    const exempt = part(0, 3000).filter((r) => r.digitalPostExempt === true).length;
    const page = await test.as('agency').get('/api/v1/citizens').query({ digitalPostExempt: 'true', limit: 500 }).expect(200);
    expect(page.body.items).toHaveLength(exempt);
  }, 120_000);

  it('the same file again is the same import: 200, nothing new recorded', async () => {
    const file = registerFile(part(3000, 3200));
    const first = await upload(file).expect(202);
    await completed(first.headers.location);
    const head = await store.headPosition();
    const again = await upload(file).expect(200);
    expect(again.body).toMatchObject({ importId: first.body.importId, status: 'completed', rows: { read: 200, imported: 200 } });
    expect(await store.headPosition()).toBe(head);
  }, 60_000);

  it('takes NDJSON, and a gzip-compressed upload', async () => {
    const lines = [registerHeader('ndjson'), ...part(3200, 3250).map((r) => registerLine(r, 'ndjson'))];
    const accepted = await test
      .as('agency')
      .post('/api/v1/population/imports')
      .set('Content-Type', 'application/x-ndjson')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync(lines.join('\n') + '\n'))
      .expect(202);
    expect(accepted.body.format).toBe('ndjson');
    expect((await completed(accepted.headers.location)).body.rows).toEqual({ read: 50, imported: 50, alreadyPresent: 0, rejected: 0 });
  }, 60_000);

  it.each([
    ['a wrong header', 'cpr;issued\n', 400, /the CSV header must name the columns/],
    ['a binary file', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]), 400, /the file is binary/],
    ['a file not in UTF-8', Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xf8, 0x0a])]), 400, /line 2 holds bytes that are not UTF-8/],
  ])('refuses %s whole with one problem+json, nothing imported', async (_, body, status, detail) => {
    const head = await store.headPosition();
    const response = await upload(body).expect(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'urn:overgang:problem:register-file-refused', title: 'Not a NemID register file', status });
    expect(response.body.detail).toMatch(detail);
    expect(await store.headPosition()).toBe(head);
  });

  it("refuses a file over the route's limit with 413, and other media types with 415", async () => {
    const big = `${HEADER}\n${'070761-4285,2014-05-20,code-card,true,danish,false,false,false,none\n'.repeat(20_000)}`;
    const tooLarge = await upload(big).expect(413);
    expect(tooLarge.body.detail).toBe('the register file is larger than 1 MiB (POPULATION_UPLOAD_LIMIT_MIB)');
    const plain = await upload('hello', 'text/plain').expect(415);
    expect(plain.body.detail).toBe('send the register file as text/csv, application/x-ndjson, application/octet-stream');
    const json = await upload('{"cpr":"x"}', 'application/json').expect(415);
    expect(json.body.detail).toBe('send the register file as text/csv, application/x-ndjson, application/octet-stream');
    const brotli = await test
      .as('agency')
      .post('/api/v1/population/imports')
      .set('Content-Type', 'text/csv')
      .set('Content-Encoding', 'br')
      .send('x')
      .expect(415);
    expect(brotli.body.detail).toMatch(/gzip/);
  });

  it('answers 404 for an import that does not exist, and only the agency may import', async () => {
    await test.as('agency').get('/api/v1/population/imports/aaaaaaaaaaaaaaaaaaaa').expect(404);
    await test.as('agency').get('/api/v1/population/imports/not-an-id').expect(404);
    await test.as('agency').get('/api/v1/population/imports/aaaaaaaaaaaaaaaaaaaa/rejects').expect(404);
    await test.as('support').post('/api/v1/population/imports').set('Content-Type', 'text/csv').send(`${HEADER}\n`).expect(403);
  });
});
