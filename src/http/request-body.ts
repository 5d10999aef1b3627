import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough, Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Text } from '../domain/text';
import { CarriesProblem, Problem, TITLES } from './problem';
import { REGISTER_UPLOAD } from './register-upload';

export const BODY_LIMIT_BYTES = 100 * 1024;
/** No request body of this API nests deeper; far deeper ones would exhaust the validator's stack. */
export const MAX_BODY_DEPTH = 32;

/** A request whose body is refused before any route sees it, in our words (the parser's own may quote the body). */
export class RequestBodyRefused extends Error implements CarriesProblem {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly text: Text,
  ) {
    super(text.en);
  }

  problem(): Problem {
    return { type: 'about:blank', title: TITLES[this.status], status: this.status, detail: this.text };
  }
}

const NOT_JSON: Text = { da: 'indholdet er ikke gyldig JSON', en: 'the body is not valid JSON' };

/** How deep a parsed body nests, walked without recursion so no depth can overflow the stack. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * A JSON body: an object or an array (a bare value is no request of this API), no deeper than MAX_BODY_DEPTH.
 * An empty body is no body, as a page's POST without one sends it.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (!/^\s*[[{]/.test(text)) throw new RequestBodyRefused(400, NOT_JSON);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RequestBodyRefused(400, NOT_JSON);
  }
  if (nestingDepth(body) > MAX_BODY_DEPTH)
    throw new RequestBodyRefused(400, { da: `indholdet har mere end ${MAX_BODY_DEPTH} niveauer`, en: `the body nests deeper than ${MAX_BODY_DEPTH} levels` });
  return body;
}

const mediaTypeOf = (request: FastifyRequest) => (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

/** The register upload streams its own body (with its own limit and decoding); every other route takes JSON. */
export const isRegisterUpload = (request: FastifyRequest) =>
  request.method === 'POST' &&
  request.url.split('?')[0] === REGISTER_UPLOAD.path &&
  (REGISTER_UPLOAD.mediaTypes as readonly string[]).includes(mediaTypeOf(request));

/** A request with a body must send JSON in UTF-8; anything else would reach the validators as an empty object. */
export async function requireJsonBodies(request: FastifyRequest): Promise<void> {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || isRegisterUpload(request)) return;
  if (mediaTypeOf(request) !== 'application/json') {
    const isUpload = request.url.split('?')[0] === REGISTER_UPLOAD.path;
    throw new RequestBodyRefused(
      415,
      isUpload
        ? { da: `send registerfilen som ${REGISTER_UPLOAD.mediaTypes.join(', ')}`, en: `send the register file as ${REGISTER_UPLOAD.mediaTypes.join(', ')}` }
        : { da: 'send indholdet som application/json', en: 'send the body as application/json' },
    );
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new RequestBodyRefused(415, { da: 'indholdet skal være UTF-8', en: 'the body must be UTF-8' });
}

const DECODERS: Record<string, () => Transform> = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress };

/**
 * A compressed JSON body is read decompressed; the body limit counts what it decompresses to. A body that is
 * not what its Content-Encoding says is a 400 in our words (zlib's own names nothing the caller can act on).
 */
export async function decodeBody(request: FastifyRequest, _reply: FastifyReply, payload: Readable): Promise<Readable> {
  const encoding = String(request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === 'identity' || isRegisterUpload(request)) return payload;
  const decoder = DECODERS[encoding]?.();
  if (!decoder) throw new RequestBodyRefused(415, { da: 'indholdets kodning understøttes ikke', en: 'the body encoding is not supported' });
  // Fastify compares the bytes received with Content-Length through receivedEncodedLength, and the limit
  // through it too: the decoded bytes are counted here against the limit, so a small bomb is no large body.
  const decoded = Object.assign(new PassThrough(), { receivedEncodedLength: 0 });
  let decodedLength = 0;
  const refuse = (error: Error) => {
    payload.unpipe(decoder);
    decoder.destroy();
    decoded.destroy(error);
  };
  payload.on('data', (chunk: Buffer) => (decoded.receivedEncodedLength += chunk.length));
  payload.once('error', refuse);
  decoder.on('data', (chunk: Buffer) => {
    decodedLength += chunk.length;
    if (decodedLength > BODY_LIMIT_BYTES)
      refuse(new RequestBodyRefused(413, { da: 'indholdet er større end grænsen', en: 'the body is larger than the limit' }));
  });
  decoder.once('error', () =>
    decoded.destroy(
      new RequestBodyRefused(400, { da: 'indholdet er ikke kodet, som Content-Encoding siger', en: 'the body is not encoded as its Content-Encoding says' }),
    ),
  );
  // Fastify stops listening once it has refused a body (over the limit): a later failure must not crash the process.
  decoded.on('error', () => undefined);
  payload.pipe(decoder).pipe(decoded);
  return decoded;
}
