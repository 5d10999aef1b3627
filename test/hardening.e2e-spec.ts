import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';

/** The exact bytes given, with the headers given: supertest would re-encode a Buffer body. */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('hardening: input that used to give a 500 or echo a CPR number', () => {
  let t: TestApp;
  let base: string;
  let desk: Record<string, string>;
  beforeAll(async () => {
    t = await startApp();
    const server = t.server().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    desk = { authorization: `Bearer ${await tokenFor('citizen-service', TEST_SUBJECTS['citizen-service'])}`, 'content-type': 'application/json' };
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => t.server().close(resolve));
    await t.close();
  }, 60_000);

  it('a body that is not what its Content-Encoding says is a 400; an unknown encoding a 415; a real gzip body is read', async () => {
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const answer = await raw(base, 'POST', '/api/v1/citizens', { ...desk, 'content-encoding': encoding }, Buffer.from('{"cpr":"160168-2195"}'));
      expect({ encoding, status: answer.status, type: answer.type, detail: JSON.parse(answer.text).detail }).toEqual({
        encoding,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
        detail: 'the body is not encoded as its Content-Encoding says',
      });
    }
    expect((await raw(base, 'POST', '/api/v1/citizens', { ...desk, 'content-encoding': 'compress' }, Buffer.from('{}'))).status).toBe(415);
    const gzipped = await raw(
      base,
      'POST',
      '/api/v1/citizens',
      { ...desk, 'content-encoding': 'gzip' },
      gzipSync(JSON.stringify(issueNemIdBody({ cpr: '050505-1239' }))),
    );
    expect(gzipped.status).toBe(201);
  });

  it('the body limit counts what a compressed body decompresses to; an empty JSON body is no body', async () => {
    const bomb = gzipSync(`{"cpr":"${' '.repeat(1024 * 1024)}"}`);
    const answer = await raw(base, 'POST', '/api/v1/citizens', { ...desk, 'content-encoding': 'gzip' }, bomb);
    expect([bomb.length < 100 * 1024, answer.status, JSON.parse(answer.text).detail]).toEqual([true, 413, 'the body is larger than the limit']);
    const signOut = await raw(base, 'POST', '/auth/sign-out', { 'content-type': 'application/json', 'x-overgang-page': '1' }, Buffer.alloc(0));
    expect(signOut.status).toBe(200);
  });

  it('JSON nested deeper than 32 levels is a 400 before validation, arrays or objects', async () => {
    for (const body of [`{"cpr":${'['.repeat(1300)}${']'.repeat(1300)}}`, `{"cpr":${'{"a":'.repeat(2500)}1${'}'.repeat(2500)}}`]) {
      const answer = await raw(base, 'POST', '/api/v1/citizens', desk, Buffer.from(body));
      expect([answer.status, JSON.parse(answer.text).detail]).toEqual([400, 'the body nests deeper than 32 levels']);
    }
    const justEnough = `{"cpr":${'['.repeat(30)}${']'.repeat(30)}}`;
    expect((await raw(base, 'POST', '/api/v1/citizens', desk, Buffer.from(justEnough))).status).toBe(400);
  });

  it('an unknown route answers 404 without repeating the URL, with or without a token', async () => {
    for (const headers of [{}, desk]) {
      const answer = await raw(base, 'GET', '/api/v1/nothing/160168-2195?cpr=160168-2195', headers);
      expect(answer.status).toBe(404);
      expect(answer.text).not.toMatch(/160168|nothing/);
    }
  });

  it('a malformed percent-encoding in a path is a 400 that does not repeat the path', async () => {
    const answer = await raw(base, 'POST', '/api/v1/citizens/zz%E0%A4%A/openings', desk, Buffer.from('{"reason":"Citizen called about a letter"}'));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ detail: 'the path holds a malformed percent-encoding' });
    expect(answer.text).not.toContain('zz');
  });

  it('a percent-encoded CPR number in a path is neither echoed nor logged, nor one sent in a header', async () => {
    for (const path of ['/api/v1/citizens/110168%2D2130/openings', '/api/v1/citizens/%31%31%30%31%36%38%32%31%33%30/openings']) {
      const answer = await raw(
        base,
        'POST',
        path,
        { ...desk, 'x-correlation-id': '110168-2130', 'x-request-id': '1101682130' },
        Buffer.from('{"reason":"Citizen called about a letter"}'),
      );
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.text).not.toMatch(/110168|%31%31|%2D2130/);
    }
    // The whole e2e log is scanned for CPR numbers when the run ends (test/support/debug-logs.global-teardown.ts).
  });

  it('a CPR number as a campaign id or in a deadline move reason is a 400 naming the field', async () => {
    const agency = t.as('agency');
    const campaign = await agency.post('/api/v1/campaigns').send({ campaignId: '160168-2195', kind: 'update-info-letter', ratePerSecond: 10 }).expect(400);
    expect(campaign.body.errors).toEqual([{ field: 'campaignId', reason: 'must not contain a CPR number (10 digits, with or without a dash)' }]);
    const move = await t.as('agency').post('/api/v1/transition-schedule/deadline').send({ to: '2022-10-31', reason: 'asked by 1601682195' }).expect(400);
    expect(move.body.errors).toEqual([{ field: 'reason', reason: 'must not contain a CPR number (10 digits, with or without a dash)' }]);
    const listed = await t.as('agency').get('/api/v1/campaigns').expect(200);
    expect(JSON.stringify(listed.body)).not.toMatch(/160168/);
  });
});
