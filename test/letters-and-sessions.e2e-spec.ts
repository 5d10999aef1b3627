import request from 'supertest';
import { PAGE_REQUEST_HEADER, SESSION_COOKIE } from '../src/auth/session-cookie';
import { OPENING_REASON, TWO_NON_PHOTO_IDS, issueNemIdBody, openRecord } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { tokenFor } from './support/tokens';

/** Two holders who each got the update-info letter from the desk: one by Digital Post, one on paper (exempt). */
async function appWithLetters(): Promise<{ t: TestApp; ids: Record<'digital' | 'paper', string>; letters: Record<'digital' | 'paper', string> }> {
  const t = await startApp();
  const ids = {} as Record<'digital' | 'paper', string>;
  const letters = {} as Record<'digital' | 'paper', string>;
  for (const [name, cpr, exempt] of [
    ['digital', '110170-1111', false],
    ['paper', '120270-2222', true],
  ] as const) {
    const issued = await t
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send(issueNemIdBody({ cpr, documents: TWO_NON_PHOTO_IDS, digitalPostExempt: exempt }))
      .expect(201);
    ids[name] = issued.body.citizenId;
    await t.as('citizen-service').post(`/api/v1/citizens/${ids[name]}/update-info-letters`).send({ campaignId: 'desk-letter' }).expect(201);
    letters[name] = (await (await t.asCitizen(ids[name])).get('/api/v1/me/notices').expect(200)).body[0].letterId;
  }
  return { t, ids, letters };
}

describe('GET /api/v1/me/letters/{letterId}: a citizen reads their own letters as received', () => {
  let t: TestApp;
  let ids: Record<'digital' | 'paper', string>;
  let letters: Record<'digital' | 'paper', string>;
  beforeAll(async () => ({ t, ids, letters } = await appWithLetters()), 60_000);
  afterAll(() => t.close(), 60_000);

  it('a Digital Post letter is the HTML document of the message, in Danish or in English, never cached', async () => {
    const citizen = await t.asCitizen(ids.digital);
    const danish = await citizen.get(`/api/v1/me/letters/${letters.digital}`).expect(200);
    expect(danish.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(danish.headers['cache-control']).toBe('no-store');
    expect(danish.text).toContain('<html lang="da">');
    expect(danish.text).toContain('Opdater dine oplysninger i NemID');
    const english = await citizen.get(`/api/v1/me/letters/${letters.digital}?language=en`).expect(200);
    expect(english.text).toContain('<html lang="en">');
  });

  it('a paper letter is its PDF', async () => {
    const paper = await (await t.asCitizen(ids.paper)).get(`/api/v1/me/letters/${letters.paper}`).buffer(true).expect(200);
    expect(paper.headers['content-type']).toBe('application/pdf');
    expect(paper.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("another citizen's letter is refused with 403, and so is an id that names no letter of theirs", async () => {
    const citizen = await t.asCitizen(ids.digital);
    const other = await citizen.get(`/api/v1/me/letters/${letters.paper}`).expect(403);
    expect(other.body).toMatchObject({ status: 403, detail: 'this letter was not sent to this citizen' });
    await citizen.get('/api/v1/me/letters/6f1c2a4e-0b7d-4a59-9d8e-3c2b1a0f9e8d').expect(403);
  });

  it('a malformed letter id or language is a 400 naming the field', async () => {
    const citizen = await t.asCitizen(ids.digital);
    const id = await citizen.get('/api/v1/me/letters/not-a-letter').expect(400);
    expect(id.body.errors).toEqual([{ field: 'letterId', reason: 'must be the letterId of a letter in the list of letters' }]);
    const language = await citizen.get(`/api/v1/me/letters/${letters.digital}?language=de`).expect(400);
    expect(language.body.errors).toEqual([{ field: 'language', reason: 'must be da or en' }]);
  });
});

describe('POST /api/v1/citizens/{citizenId}/letters/{letterId}/openings: support reads a letter, and the citizen sees that they did', () => {
  let t: TestApp;
  let ids: Record<'digital' | 'paper', string>;
  let letters: Record<'digital' | 'paper', string>;
  beforeAll(async () => ({ t, ids, letters } = await appWithLetters()), 60_000);
  afterAll(() => t.close(), 60_000);

  const openLetter = (citizenId: string, letterId: string, body: object = { reason: OPENING_REASON }) =>
    t.as('support').post(`/api/v1/citizens/${citizenId}/letters/${letterId}/openings`).send(body);

  it('records the opening with its reason in the access log; a search and a letter read together are one visit', async () => {
    await openRecord(t.as('support'), ids.digital).expect(200);
    const letter = await openLetter(ids.digital, letters.digital).expect(200);
    expect(letter.headers['content-type']).toMatch(/^text\/html/);
    const log = await (await t.asCitizen(ids.digital)).get('/api/v1/me/access-log').expect(200);
    expect(log.body).toEqual([
      expect.objectContaining({ viewed: ['record', 'letter'], reason: OPENING_REASON, by: { role: 'support', subject: 'support-agent-1' } }),
    ]);
  });

  it("refuses a letter that is not this citizen's, and records no opening for it", async () => {
    const before = (await (await t.asCitizen(ids.paper)).get('/api/v1/me/access-log').expect(200)).body.length;
    await openLetter(ids.paper, letters.digital).expect(403);
    const after = (await (await t.asCitizen(ids.paper)).get('/api/v1/me/access-log').expect(200)).body.length;
    expect(after).toBe(before);
  });

  it('needs a reason', async () => {
    const response = await openLetter(ids.digital, letters.digital, {}).expect(400);
    expect(response.body.errors).toEqual([{ field: 'reason', reason: 'say why you open this record (the citizen can read it)' }]);
  });
});

describe('the pages’ session: a development sign-in sets an HttpOnly cookie the API accepts', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()), 60_000);
  afterAll(() => t.close(), 60_000);

  const signIn = (body: object) => request(t.server()).post('/auth/development-session').send(body);
  const cookieOf = (response: request.Response) =>
    ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;

  it('sets the token in a cookie scripts cannot read, sent to this site only, and names the page to go to', async () => {
    const response = await signIn({ role: 'agency', name: 'planner-1' }).expect(201);
    expect(response.body).toEqual({ home: '/agency' });
    expect(cookieOf(response)).toMatch(/; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);
    const cookie = cookieOf(response).split(';')[0];
    const session = await request(t.server()).get('/auth/session').set('Cookie', cookie).expect(200);
    expect(session.body).toMatchObject({ signedIn: true, name: 'planner-1', roles: ['agency'], signIn: { development: true, oidc: false } });
    await request(t.server()).get('/api/v1/progress').set('Cookie', cookie).expect(200);
  });

  it('a citizen signs in with their CPR number and is known by their citizenId, which the session does not show', async () => {
    const issued = await t
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send(issueNemIdBody({ cpr: '130370-3333' }))
      .expect(201);
    const cookie = cookieOf(await signIn({ role: 'citizen', cpr: '130370-3333' }).expect(201)).split(';')[0];
    const status = await request(t.server()).get('/api/v1/me/status').set('Cookie', cookie).expect(200);
    expect(status.body.status).toBe('nemid-active');
    const session = await request(t.server()).get('/auth/session').set('Cookie', cookie).expect(200);
    expect(session.body.name).toBeUndefined();
    expect(JSON.stringify(session.body)).not.toContain(issued.body.citizenId);
  });

  it('bad sign-in input is a 400 naming the field, and sets no cookie', async () => {
    const role = await signIn({ role: 'root', name: 'x' }).expect(400);
    expect(role.body.errors).toEqual([{ field: 'role', reason: 'must be one of agency, citizen-service, support, citizen' }]);
    const cpr = await signIn({ role: 'citizen', cpr: '123' }).expect(400);
    expect(cpr.body.errors.map((e: { field: string }) => e.field)).toEqual(['cpr']);
    expect(cpr.headers['set-cookie']).toBeUndefined();
    const name = await signIn({ role: 'support', name: 'has space' }).expect(400);
    expect(name.body.errors).toEqual([{ field: 'name', reason: 'give a name of 1-64 letters, digits, dots, dashes or underscores' }]);
  });

  it('a change made with the cookie must come from the pages (a cross-site form cannot add the header)', async () => {
    const cookie = cookieOf(await signIn({ role: 'agency', name: 'planner-2' }).expect(201)).split(';')[0];
    const body = { campaignId: 'from-a-page', kind: 'update-info-letter', ratePerSecond: 10, startAt: '2022-04-01T00:00:00Z' };
    const forged = await request(t.server()).post('/api/v1/campaigns').set('Cookie', cookie).send(body).expect(403);
    expect(forged.body.detail).toBe(`a change made with the session cookie must come from the pages (the ${PAGE_REQUEST_HEADER} header)`);
    await request(t.server()).post('/api/v1/campaigns').set('Cookie', cookie).set(PAGE_REQUEST_HEADER, '1').send(body).expect(201);
  });

  it('an expired session is reported as expired, and the API refuses it', async () => {
    const expired = await tokenFor('agency', 'planner-3', { issuedAt: new Date(Date.now() - 7200_000), ttlSeconds: 3600 });
    const session = await request(t.server()).get('/auth/session').set('Cookie', `${SESSION_COOKIE}=${expired}`).expect(200);
    expect(session.body).toMatchObject({ signedIn: false, expired: true });
    const refused = await request(t.server()).get('/api/v1/progress').set('Cookie', `${SESSION_COOKIE}=${expired}`).expect(401);
    expect(refused.body.detail).toBe('the token has expired');
  });

  it('signing out clears the cookie and, with no identity provider, sends the browser to the start page', async () => {
    const response = await request(t.server()).post('/auth/sign-out').set(PAGE_REQUEST_HEADER, '1').expect(200);
    expect(cookieOf(response)).toMatch(/^overgang-session=; .*Expires=Thu, 01 Jan 1970/);
    expect(response.body).toEqual({ next: '/' });
  });

  it('signing out from another site (no page header) is refused and the session stays', async () => {
    const signedIn = await request(t.server()).post('/auth/development-session').send({ role: 'support', name: 'agent-7' }).expect(201);
    const response = await request(t.server()).post('/auth/sign-out').set('Cookie', cookieOf(signedIn).split(';')[0]).expect(403);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.body.detail).toBe('signing out must come from the pages (the x-overgang-page header)');
  });
});

describe('the development sign-in is not offered in production settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.AUTH_JWKS_URL = 'http://127.0.0.1:9/jwks';
    try {
      t = await startApp();
    } finally {
      delete process.env.AUTH_JWKS_URL;
    }
  }, 60_000);
  afterAll(() => t.close(), 60_000);

  it('answers 404, and the session says so', async () => {
    await request(t.server()).post('/auth/development-session').send({ role: 'agency', name: 'x' }).expect(404);
    const session = await request(t.server()).get('/auth/session').expect(200);
    expect(session.body.signIn).toEqual({ development: false, oidc: false });
  });
});
