import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { generatePopulation, registerHeader, registerLine } from '../../src/population/population-generator';
import { TestApp, startApp } from '../support/test-app';
import { tokenFor } from '../support/tokens';
import { FixedClock } from '../../src/domain/clock';
import { LONG } from './reliability';

/** Longest an answer may take: a refused upload is answered at once, not once the caller gives up sending. */
const ANSWER_WITHIN_MS = 10_000;

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** One request on a kept-alive agent; a request with no answer in time fails with 'no answer'. */
const send = (agent: Agent, url: string, method: string, headers: Record<string, string>, body?: Buffer) =>
  new Promise<Answer>((resolve, reject) => {
    const call = request(url, { method, headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () => resolve({ status: response.statusCode!, type: String(response.headers['content-type']), text }));
    });
    call.setTimeout(ANSWER_WITHIN_MS, () => call.destroy(new Error('no answer')));
    // The server may answer and close before the whole body is sent; the answer is what counts.
    call.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    call.end(body);
  });

const register = (citizens: number, seed: number) =>
  Buffer.from(
    [registerHeader('csv'), ...[...generatePopulation({ citizens, seed, asOf: '2021-08-01' })].map((record) => registerLine(record, 'csv'))].join('\n') + '\n',
  );

/**
 * The register upload, the one route that streams its body, with every encoding it may be sent in and bodies
 * that are not what they say: each is answered (202 or 200 for a register file, else 4xx problem+json) within
 * seconds, and the next request on a kept-alive connection is answered too.
 */
describe('reliability: register uploads in every encoding, and the connection after them', () => {
  let t: TestApp;
  let base: string;
  let token: string;

  beforeAll(async () => {
    t = await startApp(new FixedClock(new Date('2021-09-01T10:00:00+02:00')));
    base = await t.listen();
    token = await tokenFor('agency', 'planner-1');
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  const valid = register(LONG ? 2000 : 200, 7);
  const large = randomBytes(LONG ? 64 * 2 ** 20 : 8 * 2 ** 20);
  const gzippedLarge = gzipSync(Buffer.concat([valid, large]));
  const bodies: Record<string, { body: Buffer; encoding?: string; accepted?: true }> = {
    'a register file': { body: valid, accepted: true },
    'a gzipped register file': { body: gzipSync(valid), encoding: 'gzip', accepted: true },
    'a gzipped register file (x-gzip)': { body: gzipSync(valid), encoding: 'x-gzip', accepted: true },
    'a register file, said to be identity': { body: valid, encoding: 'identity', accepted: true },
    'large random bytes': { body: large },
    'large random bytes said to be gzip': { body: large, encoding: 'gzip' },
    'a gzip stream cut in half': { body: gzippedLarge.subarray(0, gzippedLarge.length >> 1), encoding: 'gzip' },
    'a gzip stream with its last bytes missing': { body: gzipSync(valid).subarray(0, -4), encoding: 'gzip' },
    brotli: { body: brotliCompressSync(valid), encoding: 'br' },
    deflate: { body: deflateSync(valid), encoding: 'deflate' },
    'gzip twice': { body: gzipSync(gzipSync(valid)), encoding: 'gzip, gzip' },
    'an unknown encoding': { body: valid, encoding: 'x-unknown' },
    'an empty body': { body: Buffer.alloc(0) },
    'an empty body said to be gzip': { body: Buffer.alloc(0), encoding: 'gzip' },
  };

  it.each(Object.keys(bodies))(
    '%s, then another request on the same connection',
    async (name) => {
      const { body, encoding, accepted } = bodies[name];
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (const type of ['text/csv', 'application/octet-stream']) {
          const headers: Record<string, string> = {
            authorization: `Bearer ${token}`,
            'content-type': type,
            ...(encoding ? { 'content-encoding': encoding } : {}),
          };
          const answer = await send(agent, `${base}/api/v1/population/imports`, 'POST', headers, body);
          const expected = accepted ? [200, 202] : [400, 413, 415];
          expect({ name, type, status: answer.status, expected: expected.includes(answer.status) }).toEqual({
            name,
            type,
            status: answer.status,
            expected: true,
          });
          if (!accepted) {
            expect({ name, type, problem: answer.type }).toEqual({ name, type, problem: expect.stringMatching(/^application\/problem\+json/) });
            expect(JSON.parse(answer.text).detail).not.toMatch(/unexpected/);
          }
          const next = await send(agent, `${base}/health`, 'GET', {});
          expect({ name, type, next: next.status }).toEqual({ name, type, next: 200 });
        }
      } finally {
        agent.destroy();
      }
    },
    60_000,
  );
});
