import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Role } from '../../src/auth/roles';
import { issueNemIdBody } from '../support/requests';
import { TestApp, startApp } from '../support/test-app';
import { TEST_SUBJECTS, tokenFor } from '../support/tokens';
import { LONG, SEED } from './reliability';

/**
 * Hostile requests on every route and role of the OpenAPI document: malformed and deeply nested JSON,
 * wrong types, huge strings, unknown and prototype keys, wrong content types and encodings, and CPR
 * numbers in every field, path segment and header. Nothing may give a 5xx, answer an error other than
 * as problem+json, echo a CPR number or the caller's path, or take the process down.
 */
const RUNS = LONG ? 5000 : 400;

/** Real CPR numbers (the dates exist), so every validator that knows CPR numbers would accept them. */
const CPR_NUMBERS = ['160168-2195', '110168-2130', '070761-4285', '240289-1237'];
const digits = (cpr: string) => cpr.replace('-', '');
const percentEncoded = (text: string) => [...text].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
const cprForms = CPR_NUMBERS.flatMap((cpr) => [
  cpr,
  digits(cpr),
  `${cpr.slice(0, 6)}%2D${cpr.slice(7)}`,
  percentEncoded(digits(cpr)),
  `${cpr.slice(0, 6)} ${cpr.slice(7)}`,
]);
/** Put into path segments: an answer that quotes the caller's URL would carry it. */
const PATH_MARKER = 'zqxpathmarker';

const leaks = (text: string) =>
  CPR_NUMBERS.some((cpr) => text.includes(cpr) || text.includes(digits(cpr)) || text.includes(`${cpr.slice(0, 6)} ${cpr.slice(7)}`));

interface Operation {
  method: string;
  path: string;
  bodyProperties: string[];
  queryParameters: string[];
}

function operationsOf(openApi: {
  paths: Record<
    string,
    Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}): Operation[] {
  return Object.entries(openApi.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? openApi.components.schemas[ref.split('/').pop()!] : undefined;
      return {
        method: method.toUpperCase(),
        path,
        bodyProperties: Object.keys(schema?.properties ?? {}),
        queryParameters: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      };
    }),
  );
}

const nested = (depth: number, open: string, close: string, inner = '1') => `{"x":${open.repeat(depth)}${inner}${close.repeat(depth)}}`;

const hostileString = fc.oneof(
  fc.constantFrom(...cprForms),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '__proto__', 'constructor', '../../etc/passwd', '%00', '\u0000', '😀'.repeat(10), 'x'.repeat(20_000)),
  fc.string({ maxLength: 20 }).map((s) => `${s}${CPR_NUMBERS[s.length % CPR_NUMBERS.length]}${s}`),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

describe('reliability: hostile requests on every route and role', () => {
  let t: TestApp;
  let base: string;
  let operations: Operation[];
  let citizenId: string;
  const tokens = new Map<string, string>();
  const statuses = new Map<number, number>();
  let sent = 0;

  beforeAll(async () => {
    t = await startApp();
    const server = t.server().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    operations = operationsOf((await t.as('agency').get('/api/docs-json').expect(200)).body);
    citizenId = (
      await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr: '020390-1236' }))
        .expect(201)
    ).body.citizenId;
    for (const [role, subject] of Object.entries(TEST_SUBJECTS)) tokens.set(role, await tokenFor(role as Role, subject));
    tokens.set('citizen', await tokenFor('citizen', citizenId));
  }, 60_000);
  afterAll(async () => {
    console.log(
      `reliability fuzz: ${sent} requests over ${operations.length} operations, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    await new Promise((resolve) => t.server().close(resolve));
    await t.close();
  }, 30_000);

  it(
    `${RUNS} seeded hostile requests: no 5xx, every error problem+json, no CPR number or path echoed`,
    async () => {
      const request = fc.record({
        operation: fc.integer({ min: 0, max: 1000 }),
        caller: fc.oneof({ arbitrary: fc.constantFrom('agency', 'citizen-service', 'support', 'citizen'), weight: 4 }, fc.constantFrom('none', 'garbage')),
        pathValue: fc.oneof(fc.constant('valid'), hostileString, fc.constantFrom(...cprForms)),
        query: fc.dictionary(fc.oneof(fc.constantFrom('reason', 'status', 'after', 'limit', 'date', 'needsInfoUpdate'), hostileString), hostileString, {
          maxKeys: 3,
        }),
        body: fc.oneof(
          fc.constant<'valid-shape'>('valid-shape'),
          hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
          fc.integer({ min: 20, max: 3000 }).map((depth) => nested(depth, '[', ']')),
          fc.integer({ min: 20, max: 3000 }).map((depth) => nested(depth, '{"a":', '}')),
          fc.constantFrom(
            '{"cpr":',
            '{"__proto__":{"isAdmin":true}}',
            '{"constructor":{"prototype":{"x":1}}}',
            'not json',
            '\u0000\u0001\u0002',
            `"${'x'.repeat(200_000)}"`,
          ),
        ),
        values: fc.array(hostileValue, { minLength: 8, maxLength: 8 }),
        // Mostly well-typed and unencoded, so most requests reach the validators and the handlers.
        contentType: fc.oneof(
          { arbitrary: fc.constant('application/json'), weight: 6 },
          fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'text/csv', 'application/x-ndjson', undefined),
        ),
        encoding: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, fc.constantFrom('gzip', 'gzip-valid', 'br', 'deflate', 'identity', 'x-unknown')),
        cprHeader: fc.option(fc.constantFrom(...cprForms)),
      });

      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const operation = operations[r.operation % operations.length];
          const pathValue = r.pathValue === 'valid' ? citizenId : `${PATH_MARKER}${r.pathValue}`;
          const query = new URLSearchParams(Object.entries(r.query)).toString();
          const url = `${base}${operation.path.replace(/\{[^}]+\}/g, encodeURIComponent(pathValue).replace(/%25/g, '%'))}${query ? `?${query}` : ''}`;
          const text =
            r.body === 'valid-shape'
              ? JSON.stringify(Object.fromEntries(operation.bodyProperties.map((property, i) => [property, r.values[i % r.values.length]])))
              : r.body;
          const headers: Record<string, string> = {};
          if (r.caller === 'garbage') headers.authorization = `Bearer ${CPR_NUMBERS[0]}.${PATH_MARKER}`;
          else if (r.caller !== 'none') headers.authorization = `Bearer ${tokens.get(r.caller)}`;
          if (r.contentType) headers['content-type'] = r.contentType;
          if (r.encoding) headers['content-encoding'] = r.encoding === 'gzip-valid' ? 'gzip' : r.encoding;
          if (r.cprHeader) {
            headers['x-correlation-id'] = r.cprHeader;
            headers['x-request-id'] = r.cprHeader;
          }
          const body = operation.method === 'GET' ? undefined : r.encoding === 'gzip-valid' ? gzipSync(text) : Buffer.from(text);
          const response = await fetch(url, { method: operation.method, headers, body });
          const answer = await response.text();
          sent++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const where = `${operation.method} ${operation.path} -> ${response.status}`;
          expect({ where, serverError: response.status >= 500 }).toEqual({ where, serverError: false });
          if (response.status >= 400) {
            expect({ where, type: response.headers.get('content-type') }).toEqual({ where, type: expect.stringMatching(/^application\/problem\+json/) });
            expect({ where, problem: JSON.parse(answer).status }).toEqual({ where, problem: response.status });
            expect({ where, echoesPath: answer.includes(PATH_MARKER) }).toEqual({ where, echoesPath: false });
          }
          expect({ where, leaksCpr: leaks(answer) }).toEqual({ where, leaksCpr: false });
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );

      // Still serving, and nothing of what was sent is stored in the clear.
      expect((await fetch(`${base}/health`)).status).toBe(200);
      for (const file of ['events.sqlite', 'events.sqlite-wal', 'read-models.sqlite', 'read-models.sqlite-wal']) {
        const path = join(t.dataDir, file);
        if (existsSync(path)) expect({ file, leaksCpr: leaks(readFileSync(path, 'latin1')) }).toEqual({ file, leaksCpr: false });
      }
    },
    LONG ? 1_800_000 : 120_000,
  );
});
