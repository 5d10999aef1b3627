import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { TestApp, startApp } from './support/test-app';

/**
 * The API is a contract: the OpenAPI document the service serves is the one recorded in
 * `fixtures/openapi.json`. A refactoring that changes a route, a field or a text fails here; `RECORD=1`
 * writes the file anew after a deliberate change (and the change shows in review).
 */
const RECORDED = join(__dirname, 'fixtures', 'openapi.json');

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  it('is the recorded one', async () => {
    const served = (await request(t.server()).get('/api/docs-json').expect(200)).body as unknown;
    if (process.env.RECORD === '1') writeFileSync(RECORDED, `${JSON.stringify(served, null, 2)}\n`);
    expect(served).toEqual(JSON.parse(readFileSync(RECORDED, 'utf8')));
  });
});
