import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BODY_LIMIT_BYTES, MAX_BODY_DEPTH, RequestBodyRefused, decodeBody, parseJsonBody, requireJsonBodies } from './request-body';
import { REGISTER_UPLOAD } from './register-upload';
import { inLanguage } from './problem';

const request = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers }) as unknown as FastifyRequest;
const refusal = async (action: () => unknown) => {
  try {
    await action();
  } catch (error) {
    return error instanceof RequestBodyRefused ? inLanguage(error.problem(), 'en') : error;
  }
  return undefined;
};
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('request bodies', () => {
  describe('a JSON body', () => {
    it('is an object or an array; an empty body is no body', () => {
      expect(parseJsonBody('{"cpr":"160168-2195"}')).toEqual({ cpr: '160168-2195' });
      expect(parseJsonBody(' [1]')).toEqual([1]);
      expect(parseJsonBody('')).toBeUndefined();
    });

    it('that is not JSON, or only a bare value, is a 400 that does not quote it', async () => {
      for (const text of ['{"cpr":"160168-2195"', '"160168-2195"', '1601682195', 'null']) {
        const problem = await refusal(() => parseJsonBody(text));
        expect({ text, problem }).toEqual({ text, problem: expect.objectContaining({ status: 400, detail: 'the body is not valid JSON' }) });
      }
    });

    it(`nests at most ${MAX_BODY_DEPTH} levels`, async () => {
      expect(parseJsonBody(nested(MAX_BODY_DEPTH))).toBeDefined();
      expect(await refusal(() => parseJsonBody(nested(MAX_BODY_DEPTH + 1)))).toMatchObject({
        status: 400,
        detail: `the body nests deeper than ${MAX_BODY_DEPTH} levels`,
      });
    });
  });

  describe('the media type', () => {
    it('must be JSON in UTF-8 when there is a body; a request without one may name any', async () => {
      expect(
        await refusal(() =>
          requireJsonBodies(request('POST', '/api/v1/citizens', { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' })),
        ),
      ).toBeUndefined();
      expect(
        await refusal(() => requireJsonBodies(request('POST', '/api/v1/citizens', { 'content-type': 'text/plain', 'content-length': '2' }))),
      ).toMatchObject({
        status: 415,
        detail: 'send the body as application/json',
      });
      expect(
        await refusal(() =>
          requireJsonBodies(request('POST', '/api/v1/citizens', { 'content-type': 'application/json; charset=latin1', 'content-length': '2' })),
        ),
      ).toMatchObject({
        status: 415,
        detail: 'the body must be UTF-8',
      });
      expect(
        await refusal(() => requireJsonBodies(request('POST', '/auth/sign-out', { 'content-type': 'text/plain', 'content-length': '0' }))),
      ).toBeUndefined();
    });

    it('of the register upload is one of its own, and the refusal names them', async () => {
      expect(
        await refusal(() => requireJsonBodies(request('POST', REGISTER_UPLOAD.path, { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }))),
      ).toBeUndefined();
      expect(
        await refusal(() => requireJsonBodies(request('POST', REGISTER_UPLOAD.path, { 'content-type': 'text/plain', 'content-length': '9' }))),
      ).toMatchObject({
        status: 415,
        detail: `send the register file as ${REGISTER_UPLOAD.mediaTypes.join(', ')}`,
      });
    });
  });

  describe('a compressed body', () => {
    const reply = {} as FastifyReply;
    const post = (encoding: string) => request('POST', '/api/v1/citizens', { 'content-type': 'application/json', 'content-encoding': encoding });

    it('is read decompressed, and counts its compressed bytes against Content-Length', async () => {
      const gzipped = gzipSync('{"cpr":"160168-2195"}');
      const decoded = await decodeBody(post('gzip'), reply, Readable.from([gzipped]));
      expect(await readAll(decoded)).toBe('{"cpr":"160168-2195"}');
      expect((decoded as Readable & { receivedEncodedLength: number }).receivedEncodedLength).toBe(gzipped.length);
    });

    it('is limited by what it decompresses to, so a small bomb is no large body', async () => {
      const bomb = gzipSync(`{"a":"${' '.repeat(BODY_LIMIT_BYTES * 10)}"}`);
      expect(bomb.length).toBeLessThan(BODY_LIMIT_BYTES / 10);
      const decoded = await decodeBody(post('gzip'), reply, Readable.from([bomb]));
      expect(await refusal(() => readAll(decoded))).toMatchObject({ status: 413, detail: 'the body is larger than the limit' });
    });

    it('that is not what its Content-Encoding says is a 400; an encoding we do not know a 415', async () => {
      const decoded = await decodeBody(post('deflate'), reply, Readable.from([Buffer.from('{"cpr":"160168-2195"}')]));
      expect(await refusal(() => readAll(decoded))).toMatchObject({ status: 400, detail: 'the body is not encoded as its Content-Encoding says' });
      expect(await refusal(() => decodeBody(post('compress'), reply, Readable.from([])))).toMatchObject({
        status: 415,
        detail: 'the body encoding is not supported',
      });
    });

    it('of the register upload is passed on as sent: the import decodes it itself', async () => {
      const payload = Readable.from([gzipSync('x')]);
      expect(await decodeBody(request('POST', REGISTER_UPLOAD.path, { 'content-type': 'text/csv', 'content-encoding': 'gzip' }), reply, payload)).toBe(payload);
    });
  });
});
