import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { ROLES, Role } from '../src/auth/roles';
import { TWO_NON_PHOTO_IDS, issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { TEST_SUBJECTS, TEST_TOKEN_SECRET, tokenFor } from './support/tokens';
import { mintDevelopmentToken } from '../src/auth/development-tokens';
import { PAGE_REQUEST_HEADER } from '../src/auth/session-cookie';
import { cprNumbersIn } from './support/debug-logs';

/**
 * Every route the app serves, as `METHOD /path/:param`, as the server registered them; leaving out the
 * OpenAPI pages (public, no data) and the HEAD twins Fastify adds to every GET.
 */
function servedRoutes(t: TestApp): string[] {
  return t.routes.filter((route) => !route.startsWith('HEAD ') && !route.includes(' /api/docs'));
}

interface Fixture {
  citizenId: string;
  cpr: string;
  campaignId: string;
  /** Set when the route case needs a letter sent to the citizen. */
  letterId?: string;
}

interface RouteCase {
  /** The fixture citizen must still update their information (a NemID issued on two IDs without photo). */
  needsInfoUpdate?: boolean;
  /** The fixture citizen has been sent a letter (from the desk). */
  needsLetter?: boolean;
  /** Who may call it; `public` needs no token. */
  allowed: Role[] | 'public';
  /** Files that hold no data, cached by their own rules (the hardening suite checks them): the others are never stored. */
  cachedFiles?: true;
  /** The answer an allowed caller gets for this request. */
  ok: number;
  /** The request: path and body (JSON, or a register file as CSV), given a fresh fixture so each allowed call succeeds on its own. */
  send: (fixture: Fixture) => { path: string; body?: object; csv?: string; headers?: Record<string, string> };
}

const SCHEDULE = {
  deadline: '2022-06-30',
  reminderDaysBefore: [60, 30, 7],
  finalWarningDaysBefore: 1,
  publicSelfServiceEnd: '2023-06-30',
  nemIdShutdown: '2023-10-31',
};
const REASON = 'Citizen asked about a letter';

/** The access table, written out independently of the decorators: a route added without an entry fails the walk. */
const ROUTE_TABLE: Record<string, RouteCase> = {
  // The pages (the route under every other): they hold no data and ask the API for it.
  'GET /*': { allowed: 'public', cachedFiles: true, ok: 200, send: () => ({ path: '/agency' }) },
  'GET /health': { allowed: 'public', ok: 200, send: () => ({ path: '/health' }) },
  'GET /metrics': { allowed: 'public', ok: 200, send: () => ({ path: '/metrics' }) },
  'POST /api/v1/citizens': { allowed: ['citizen-service'], ok: 201, send: () => ({ path: '/api/v1/citizens', body: issueNemIdBody({ cpr: freshCpr() }) }) },
  'POST /api/v1/citizens/lookup': {
    allowed: ['citizen-service', 'support'],
    ok: 200,
    send: (f) => ({ path: '/api/v1/citizens/lookup', body: { cpr: f.cpr } }),
  },
  'POST /api/v1/citizens/:citizenId/openings': {
    allowed: ['support', 'citizen-service'],
    ok: 200,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/openings`, body: { reason: REASON } }),
  },
  'POST /api/v1/citizens/:citizenId/delivery-address': {
    allowed: ['citizen-service'],
    ok: 201,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/delivery-address`, body: { street: 'Postboks 1', postalCode: '1599', city: 'København V' } }),
  },
  'POST /api/v1/citizens/:citizenId/code-cards': {
    allowed: ['citizen-service'],
    ok: 201,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/code-cards` }),
  },
  'POST /api/v1/citizens/:citizenId/code-app-activations': {
    allowed: ['citizen-service'],
    ok: 201,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/code-app-activations`, body: { codesLeftOnCard: 5 } }),
  },
  'POST /api/v1/citizens/:citizenId/temporary-passwords': {
    allowed: ['citizen-service'],
    ok: 201,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/temporary-passwords` }),
  },
  'POST /api/v1/citizens/:citizenId/update-info-letters': {
    needsInfoUpdate: true,
    allowed: ['citizen-service'],
    ok: 201,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/update-info-letters`, body: { campaignId: 'desk-letter' } }),
  },
  'POST /api/v1/citizens/:citizenId/info-updates': {
    needsInfoUpdate: true,
    allowed: ['citizen-service'],
    ok: 201,
    send: (f) => ({
      path: `/api/v1/citizens/${f.citizenId}/info-updates`,
      body: { channel: 'citizen-service', documents: [{ kind: 'passport', showsCpr: true, issuingCountry: 'DK' }] },
    }),
  },
  'POST /api/v1/citizens/:citizenId/mitid': {
    allowed: ['citizen-service'],
    ok: 201,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/mitid`, body: { route: 'bank' } }),
  },
  'POST /api/v1/citizens/:citizenId/retirement': {
    allowed: ['citizen-service'],
    ok: 201,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/retirement`, body: { reason: 'deadline-passed' } }),
  },
  // The fixture's NemID still works: an allowed caller reaches the rule that refuses its erasure (forget-only-retired-nemid).
  'POST /api/v1/citizens/:citizenId/erasure': {
    allowed: ['agency'],
    ok: 409,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/erasure`, body: { basis: 'agency-decision' } }),
  },
  'GET /api/v1/retention/plan': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/retention/plan?asOf=2022-01-01' }) },
  'GET /api/v1/retention/runs': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/retention/runs' }) },
  // A run is started in erasure.e2e-spec.ts; here an allowed caller gets to the refusal of a day after today.
  'POST /api/v1/retention/runs': { allowed: ['agency'], ok: 400, send: () => ({ path: '/api/v1/retention/runs', body: { asOf: '2099-01-01' } }) },
  'GET /api/v1/citizens': { allowed: ['support', 'agency'], ok: 200, send: () => ({ path: '/api/v1/citizens?status=nemid-active' }) },
  'GET /api/v1/progress': { allowed: ['agency', 'support'], ok: 200, send: () => ({ path: '/api/v1/progress' }) },
  'GET /api/v1/projections': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/projections' }) },
  'GET /api/v1/projections/dead-letters': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/projections/dead-letters' }) },
  // Nothing is stalled here: an allowed caller gets past the guard to the rule's 409.
  'POST /api/v1/projections/:name/skip': { allowed: ['agency'], ok: 409, send: () => ({ path: '/api/v1/projections/citizen-status/skip' }) },
  'POST /api/v1/projections/:name/retry': { allowed: ['agency'], ok: 409, send: () => ({ path: '/api/v1/projections/citizen-status/retry' }) },
  'PUT /api/v1/projections/:name/on-stall': {
    allowed: ['agency'],
    ok: 200,
    send: () => ({ path: '/api/v1/projections/citizen-status/on-stall', body: { onStall: 'wait' } }),
  },
  'GET /api/v1/campaigns/:campaignId/progress': { allowed: ['agency'], ok: 200, send: (f) => ({ path: `/api/v1/campaigns/${f.campaignId}/progress` }) },
  'POST /api/v1/campaigns/preview': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/campaigns/preview', body: { kind: 'update-info-letter' } }) },
  'POST /api/v1/campaigns': {
    allowed: ['agency'],
    ok: 201,
    send: () => ({ path: '/api/v1/campaigns', body: { campaignId: `walk-${randomBytes(4).toString('hex')}`, kind: 'update-info-letter', ratePerSecond: 10 } }),
  },
  'GET /api/v1/campaigns': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/campaigns' }) },
  'GET /api/v1/campaigns/:campaignId': { allowed: ['agency'], ok: 200, send: (f) => ({ path: `/api/v1/campaigns/${f.campaignId}` }) },
  'POST /api/v1/campaigns/:campaignId/pause': { allowed: ['agency'], ok: 200, send: (f) => ({ path: `/api/v1/campaigns/${f.campaignId}/pause` }) },
  'POST /api/v1/campaigns/:campaignId/resume': { allowed: ['agency'], ok: 200, send: (f) => ({ path: `/api/v1/campaigns/${f.campaignId}/resume` }) },
  'GET /api/v1/transition-schedule': { allowed: ['agency', 'citizen-service', 'support'], ok: 200, send: () => ({ path: '/api/v1/transition-schedule' }) },
  'PUT /api/v1/transition-schedule': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/transition-schedule', body: SCHEDULE }) },
  'POST /api/v1/transition-schedule/deadline': {
    allowed: ['agency'],
    ok: 200,
    send: () => ({ path: '/api/v1/transition-schedule/deadline', body: { to: '2022-10-31', reason: 'pressure on Citizen Service' } }),
  },
  'GET /api/v1/transition-schedule/due': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/transition-schedule/due?date=2022-05-01' }) },
  'POST /api/v1/population/imports': {
    allowed: ['agency'],
    ok: 202,
    send: () => ({ path: '/api/v1/population/imports', csv: `${REGISTER_HEADER}\n${freshCpr()},2014-05-20,code-card,true,danish,false,false,false,none\n` }),
  },
  'GET /api/v1/population/imports': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/population/imports' }) },
  'GET /api/v1/population/imports/:importId': { allowed: ['agency'], ok: 200, send: () => ({ path: `/api/v1/population/imports/${importId}` }) },
  'GET /api/v1/population/imports/:importId/rejects': {
    allowed: ['agency'],
    ok: 200,
    send: () => ({ path: `/api/v1/population/imports/${importId}/rejects` }),
  },
  // An allowed caller gets past the guard to the validation's 400 (a simulation is started in simulations.e2e-spec.ts).
  'POST /api/v1/simulations': { allowed: ['agency'], ok: 400, send: () => ({ path: '/api/v1/simulations', body: { citizens: 1 } }) },
  'GET /api/v1/simulations': { allowed: ['agency'], ok: 200, send: () => ({ path: '/api/v1/simulations' }) },
  'GET /api/v1/simulations/:id': { allowed: ['agency'], ok: 404, send: () => ({ path: `/api/v1/simulations/${randomUUID()}` }) },
  'GET /api/v1/simulations/:id/files/:name': { allowed: ['agency'], ok: 404, send: () => ({ path: `/api/v1/simulations/${randomUUID()}/files/index.html` }) },
  'GET /api/v1/simulations/:id/files/:schedule/:name': {
    allowed: ['agency'],
    ok: 404,
    send: () => ({ path: `/api/v1/simulations/${randomUUID()}/files/real/index.html` }),
  },
  'GET /api/v1/me/notices': { allowed: ['citizen'], ok: 200, send: () => ({ path: '/api/v1/me/notices' }) },
  'GET /api/v1/me/letters/:letterId': {
    needsLetter: true,
    allowed: ['citizen'],
    ok: 200,
    send: (f) => ({ path: `/api/v1/me/letters/${f.letterId ?? randomUUID()}` }),
  },
  'POST /api/v1/citizens/:citizenId/letters/:letterId/openings': {
    needsLetter: true,
    allowed: ['support'],
    ok: 200,
    send: (f) => ({ path: `/api/v1/citizens/${f.citizenId}/letters/${f.letterId ?? randomUUID()}/openings`, body: { reason: REASON } }),
  },
  'GET /auth/session': { allowed: 'public', ok: 200, send: () => ({ path: '/auth/session' }) },
  'POST /auth/development-session': {
    allowed: 'public',
    ok: 201,
    send: () => ({ path: '/auth/development-session', body: { role: 'agency', name: 'planner-1' } }),
  },
  'POST /auth/sign-out': { allowed: 'public', ok: 200, send: () => ({ path: '/auth/sign-out', headers: { [PAGE_REQUEST_HEADER]: '1' } }) },
  // Public, and not configured in these tests: no identity provider to send anyone to.
  'GET /auth/oidc/sign-in': { allowed: 'public', ok: 404, send: () => ({ path: '/auth/oidc/sign-in' }) },
  'GET /auth/oidc/callback': { allowed: 'public', ok: 404, send: () => ({ path: '/auth/oidc/callback?code=x&state=y' }) },
  'GET /api/v1/me/status': { allowed: ['citizen'], ok: 200, send: () => ({ path: '/api/v1/me/status' }) },
  'GET /api/v1/me/access-log': { allowed: ['citizen'], ok: 200, send: () => ({ path: '/api/v1/me/access-log' }) },
};

const REGISTER_HEADER = 'cpr,nemIdIssuedOn,authenticator,nsisSubstantial,passport,digitalPostExempt,residesAbroad,addressProtected,visualImpairment';
/** An import made once before the walk, for the routes that read one. */
let importId = 'not-yet';

/** Valid CPR numbers born 1950-1989 (7th digit 0-3 means the 1900s), a new one each call. */
let serial = 1000;
function freshCpr(): string {
  serial += 1;
  const day = String((serial % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(serial / 28) % 12) + 1).padStart(2, '0');
  const year = String(50 + (serial % 40)).padStart(2, '0');
  return `${day}${month}${year}-${String(serial).padStart(4, '0')}`;
}

describe('who may do what: every route x every role', () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();

  /** A citizen (and a paused campaign) of its own for each call, so no call depends on another. */
  async function freshFixture(needsInfoUpdate = false, needsLetter = false): Promise<Fixture> {
    const cpr = freshCpr();
    const body = issueNemIdBody(needsInfoUpdate || needsLetter ? { cpr, documents: TWO_NON_PHOTO_IDS } : { cpr });
    const issued = await t.as('citizen-service').post('/api/v1/citizens').send(body).expect(201);
    let letterId: string | undefined;
    if (needsLetter) {
      await t.as('citizen-service').post(`/api/v1/citizens/${issued.body.citizenId}/update-info-letters`).send({ campaignId: 'desk-letter' }).expect(201);
      letterId = (await (await t.asCitizen(issued.body.citizenId)).get('/api/v1/me/notices').expect(200)).body[0].letterId;
    }
    const campaignId = `walk-${randomBytes(4).toString('hex')}`;
    await t
      .as('agency')
      .post('/api/v1/campaigns')
      .send({ campaignId, kind: 'update-info-letter', ratePerSecond: 10, startAt: '2022-04-01T00:00:00Z' })
      .expect(201);
    await t.as('agency').post(`/api/v1/campaigns/${campaignId}/pause`).expect(200);
    return { citizenId: issued.body.citizenId, cpr, campaignId, letterId };
  }

  /** Personal data must not stay in a browser's cache or a proxy's: no answer of a route, allowed or refused, may be stored. */
  const expectNotStored = (route: string, response: request.Response) => {
    if (ROUTE_TABLE[route].cachedFiles) return;
    expect({ route, notStored: /\bno-store\b/.test(response.headers['cache-control'] ?? ''), etag: response.headers.etag }).toEqual({
      route,
      notStored: true,
      etag: undefined,
    });
  };

  const call = (
    method: string,
    { path, body, csv, headers = {} }: { path: string; body?: object; csv?: string; headers?: Record<string, string> },
    token?: string,
  ) => {
    let test = request(t.server())[method.toLowerCase() as 'get' | 'post' | 'put'](path).set(headers);
    if (token) test = test.set('Authorization', `Bearer ${token}`);
    if (csv !== undefined) return test.set('Content-Type', 'text/csv').send(csv);
    return body ? test.send(body) : test;
  };

  beforeAll(async () => {
    t = await startApp();
    const register = `${REGISTER_HEADER}\n${freshCpr()},2014-05-20,code-card,true,danish,false,false,false,none\n`;
    importId = (await t.as('agency').post('/api/v1/population/imports').set('Content-Type', 'text/csv').send(register).expect(202)).body.importId;
    for (const role of ROLES) tokens.set(role, await tokenFor(role, role === 'citizen' ? 'x'.repeat(32) : TEST_SUBJECTS[role]));
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  it('the table covers exactly the routes the app serves', () => {
    expect(servedRoutes(t).sort()).toEqual(Object.keys(ROUTE_TABLE).sort());
  });

  describe.each(Object.entries(ROUTE_TABLE))('%s', (route, spec) => {
    const [method] = route.split(' ');

    it.each(ROLES.map((role) => [role]))('as %s', async (role) => {
      const fixture = await freshFixture(spec.needsInfoUpdate, spec.needsLetter);
      const token = role === 'citizen' ? await tokenFor('citizen', fixture.citizenId) : tokens.get(role)!;
      const response = await call(method, spec.send(fixture), token);
      const allowed = spec.allowed === 'public' || spec.allowed.includes(role);
      expectNotStored(route, response);
      if (allowed) {
        expect({ route, role, status: response.status }).toEqual({ route, role, status: spec.ok });
      } else {
        expect({ route, role, status: response.status }).toEqual({ route, role, status: 403 });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.detail).toMatch(/^this needs the role /);
      }
    });

    it('without a token', async () => {
      const response = await call(method, spec.send({ citizenId: 'a'.repeat(32), cpr: '070761-4285', campaignId: 'none' }));
      expectNotStored(route, response);
      if (spec.allowed === 'public') {
        expect(response.status).toBe(spec.ok);
      } else {
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="overgang"');
        expect(response.body).toMatchObject({ status: 401, type: 'urn:overgang:problem:unauthenticated', detail: 'a bearer token is required' });
      }
    });
  });
});

describe('tokens that cannot be trusted are 401 problem+json, and say why', () => {
  let t: TestApp;
  const expect401 = async (authorization: string, detail: string) => {
    const response = await request(t.server()).get('/api/v1/progress').set('Authorization', authorization);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="overgang", error="invalid_(token|request)"/);
    expect(response.body.detail).toBe(detail);
    expect(JSON.stringify(response.body)).not.toContain(authorization.slice(7, 40));
  };

  beforeAll(async () => {
    t = await startApp();
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  it('an expired token', async () => {
    const expired = await tokenFor('agency', 'agency-planner-1', { issuedAt: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 3600 });
    await expect401(`Bearer ${expired}`, 'the token has expired');
  });

  it('a token signed with another secret', async () => {
    const forged = await tokenFor('agency', 'agency-planner-1', { secret: randomBytes(48) });
    await expect401(`Bearer ${forged}`, 'the token signature is not valid');
  });

  it('a token with its roles changed after signing', async () => {
    const token = await tokenFor('citizen', 'a'.repeat(32));
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'a'.repeat(32), roles: ['agency'], exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    await expect401(`Bearer ${header}.${payload}.${signature}`, 'the token signature is not valid');
  });

  it('an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', roles: ['agency'], exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    await expect401(`Bearer ${header}.${payload}.`, 'the token is signed with an algorithm this service does not accept');
  });

  it('not a JWT, and not a bearer header', async () => {
    await expect401('Bearer not-a-token', 'the token is not a valid JWT');
    await expect401('Basic dXNlcjpwYXNz', 'the Authorization header must be "Bearer <token>"');
  });

  it('a valid token without any role of this service is 403', async () => {
    const noRole = await mintDevelopmentToken(new TextEncoder().encode(TEST_TOKEN_SECRET), { roles: ['auditor' as Role], subject: 'someone', ttlSeconds: 600 });
    const response = await request(t.server()).get('/api/v1/progress').set('Authorization', `Bearer ${noRole}`);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ type: 'urn:overgang:problem:forbidden', detail: 'this needs the role agency or support' });
  });
});

describe('support opens a record only with a reason; the citizen sees who looked and why', () => {
  let t: TestApp;
  let citizenId: string;
  let otherCitizenId: string;

  beforeAll(async () => {
    t = await startApp();
    citizenId = (
      await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr: '070761-4285' }))
        .expect(201)
    ).body.citizenId;
    otherCitizenId = (
      await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr: '150390-1234' }))
        .expect(201)
    ).body.citizenId;
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  const open = (id: string, reason?: string) =>
    t
      .as('support')
      .post(`/api/v1/citizens/${id}/openings`)
      .send(reason === undefined ? {} : { reason });

  it('no reason, a token reason, or a reason with a CPR number is a 400 naming the field, and nothing is recorded', async () => {
    const noReason = await open(citizenId).expect(400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', reason: 'say why you open this record (the citizen can read it)' }]);
    const short = await open(citizenId, 'x').expect(400);
    expect(short.body.errors[0].field).toBe('reason');
    const withCpr = await open(citizenId, 'Caller gave 070761-4285').expect(400);
    expect(withCpr.body.errors).toEqual([{ field: 'reason', reason: 'must not contain a CPR number (10 digits, with or without a dash)' }]);
    expect(JSON.stringify(withCpr.body)).not.toContain('070761');
    const inDanish = await open(citizenId, 'Caller gave 070761-4285').set('Accept-Language', 'da-DK,da;q=0.9').expect(400);
    expect(inDanish.body.errors).toEqual([{ field: 'reason', reason: 'må ikke indeholde et CPR-nummer (10 cifre, med eller uden bindestreg)' }]);
    const log = await (await t.asCitizen(citizenId)).get('/api/v1/me/access-log').expect(200);
    expect(log.body).toEqual([]);
  });

  it('one search is one opening in the citizen access log, newest first: who, when, what was viewed, why', async () => {
    t.clock.advanceDays(1);
    await open(citizenId, 'Citizen called about the letter').expect(200);
    t.clock.advanceDays(1);
    await open(citizenId, 'Follow-up on case 2022-114').expect(200);
    await open(otherCitizenId, 'Another citizen entirely').expect(200);

    const log = await (await t.asCitizen(citizenId)).get('/api/v1/me/access-log').expect(200);
    expect(log.body).toEqual([
      { at: '2022-03-12T10:00:00.000Z', viewed: ['record'], reason: 'Follow-up on case 2022-114', by: { role: 'support', subject: 'support-agent-1' } },
      { at: '2022-03-11T10:00:00.000Z', viewed: ['record'], reason: 'Citizen called about the letter', by: { role: 'support', subject: 'support-agent-1' } },
    ]);
  });

  it('the openings come apart from the timeline support reads, attributed to the agent, in both languages', async () => {
    const opened = await open(otherCitizenId, 'Checking the earlier opening').expect(200);
    expect(opened.body.timeline.map((e: { type: string }) => e.type)).not.toContain('TimelineViewed');
    expect(opened.body.openings).toEqual([
      expect.objectContaining({
        actor: { role: 'support', subject: 'support-agent-1' },
        summary: {
          da: 'Status og tidslinje åbnet af support support-agent-1: Another citizen entirely',
          en: 'Status and timeline opened by support support-agent-1: Another citizen entirely',
        },
      }),
      expect.objectContaining({
        summary: expect.objectContaining({ en: 'Status and timeline opened by support support-agent-1: Checking the earlier opening' }),
      }),
    ]);
    expect(opened.body.status).toMatchObject({ citizenId: otherCitizenId, status: 'nemid-active', lettersSent: 0 });
  });

  it('a citizen reads only their own data: the token decides, there is no id to change', async () => {
    const other = await (await t.asCitizen(otherCitizenId)).get('/api/v1/me/access-log').expect(200);
    expect(other.body.map((entry: { reason: string }) => entry.reason)).toEqual(['Checking the earlier opening', 'Another citizen entirely']);
    const mine = await (await t.asCitizen(citizenId)).get('/api/v1/me/access-log').query({ citizenId: otherCitizenId }).expect(200);
    expect(mine.body.map((entry: { reason: string }) => entry.reason)).toEqual(['Follow-up on case 2022-114', 'Citizen called about the letter']);
  });

  it('counts the openings in /metrics by record and role, with no id in the labels', async () => {
    const metrics = (await request(t.server()).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/overgang_record_views_total\{view="record",role="support"\} 4/);
    expect(metrics).not.toContain(citizenId);
  });

  it("counts the embedded store's commits in /metrics: an opening is one more commit of one append", async () => {
    const sample = async (name: string) => Number((await request(t.server()).get('/metrics').expect(200)).text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]);
    const [commits, appends, seconds] = await Promise.all(
      ['overgang_event_store_commit_seconds_count', 'overgang_event_store_commit_appends_sum', 'overgang_event_store_commit_seconds_sum'].map(sample),
    );
    await open(citizenId, 'Counting commits').expect(200);
    expect(await sample('overgang_event_store_commit_seconds_count')).toBe(commits + 1);
    expect(await sample('overgang_event_store_commit_appends_sum')).toBe(appends + 1);
    expect(await sample('overgang_event_store_commit_seconds_sum')).toBeGreaterThan(seconds);
  });
});

describe('CORS: off unless CORS_ORIGINS lists origins, and then for every method the API uses', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.CORS_ORIGINS = 'https://desk.example.org';
    try {
      t = await startApp();
    } finally {
      delete process.env.CORS_ORIGINS;
    }
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  it("answers a listed origin's preflight for the schedule (PUT), and names no other origin", async () => {
    const preflight = await request(t.server())
      .options('/api/v1/transition-schedule')
      .set('Origin', 'https://desk.example.org')
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'authorization, content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://desk.example.org');
    expect(preflight.headers['access-control-allow-methods']?.split(/,\s*/)).toContain('PUT');
    const other = await request(t.server()).get('/health').set('Origin', 'https://elsewhere.example.org');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  it('sends helmet security headers and no x-powered-by', async () => {
    const response = await request(t.server()).get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('pages keep their own caching while answers of routes are never stored', async () => {
    const page = await request(t.server()).get('/').expect(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1];
    expect((await request(t.server()).get(script).expect(200)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const unknown = await request(t.server()).get('/no-such-page').expect(404);
    expect(unknown.headers['cache-control']).toBe('no-store');
  });

  it('/metrics holds no CPR number after requests that carried them in bodies, paths and bad input', async () => {
    const cpr = '010203-4005';
    await t.as('citizen-service').post('/api/v1/citizens').send(issueNemIdBody({ cpr })).expect(201);
    await t.as('citizen-service').post('/api/v1/citizens').send(issueNemIdBody({ cpr })).expect(409);
    await t.as('support').post('/api/v1/citizens/lookup').send({ cpr: '0102034005' }).expect(200);
    await t.as('support').post('/api/v1/citizens/0102034005/openings').send({ reason: 'Looking up 010203-4005' }).expect(400);
    await request(t.server()).get('/api/v1/citizens/010203-4005').expect(404);
    const metrics = (await request(t.server()).get('/metrics').expect(200)).text;
    expect(metrics).toContain('overgang_http_requests_total{method="POST",route="/api/v1/citizens",status="409"} 1');
    expect(metrics).toContain('route="unmatched"');
    // The series (names and labels) are what requests can shape; a measured value (bytes, seconds) can be CPR-shaped by chance.
    const series = metrics.split('\n').map((line) => line.replace(/ [^ ]+$/, ''));
    expect(cprNumbersIn(series.join('\n'))).toEqual([]);
    expect(metrics).not.toMatch(/0102034005|010203-4005/);
  });

  it('keeps CORS off unless origins are configured', async () => {
    const preflight = await request(t.server()).options('/api/v1/progress').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a wrong content type with 415 and an oversized body with 413, as problem+json', async () => {
    const wrongType = await t.as('citizen-service').post('/api/v1/citizens').set('Content-Type', 'application/xml').send('<cpr>0707614285</cpr>');
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers['content-type']).toMatch(/^application\/problem\+json/);
    const tooLarge = await t
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send({ cpr: '0'.repeat(200_000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
