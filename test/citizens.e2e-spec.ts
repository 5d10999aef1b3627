import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { issueNemIdBody, openRecord } from './support/requests';
import { TestApp, startApp } from './support/test-app';

const CPR = '070761-4285';
const issueBody = (overrides: Record<string, unknown> = {}) => issueNemIdBody({ cpr: CPR, ...overrides });
/** Every CPR number this suite sends, to prove none of them is stored or echoed in clear. */
const CPRS_USED = [CPR, '010203-4005', '150390-1234', '200585-2222', '111111-1118'];

describe('citizens over HTTP (embedded store)', () => {
  let t: TestApp;
  let citizenId: string;
  const http = () => request(t.server());

  beforeAll(async () => {
    t = await startApp();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  }, 60_000);

  describe('a NemID life', () => {
    it('issues a NemID and returns the citizenId, not the CPR number', async () => {
      const response = await t.as('citizen-service').post('/api/v1/citizens').send(issueBody()).expect(201);
      citizenId = response.body.citizenId;
      expect(citizenId).toMatch(/^[a-z2-7]{32}$/);
      expect(response.body.status).toBe('nemid-active');
      expect(response.body.recorded).toEqual([
        { type: 'NemIdIssued', summary: { da: expect.stringContaining('NemID udstedt'), en: expect.stringContaining('NemID issued') } },
      ]);
      expect(JSON.stringify(response.body)).not.toContain('0707614285');
    });

    it('looks up the citizenId by CPR number in the body, with or without the dash', async () => {
      expect((await t.as('citizen-service').post('/api/v1/citizens/lookup').send({ cpr: CPR }).expect(200)).body).toEqual({ citizenId });
      expect((await t.as('citizen-service').post('/api/v1/citizens/lookup').send({ cpr: '0707614285' }).expect(200)).body).toEqual({ citizenId });
      const unknown = await t.as('citizen-service').post('/api/v1/citizens/lookup').send({ cpr: '010203-4005' }).expect(404);
      expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('refuses a second NemID for the same person with the rule that refused it', async () => {
      const response = await t.as('citizen-service').post('/api/v1/citizens').send(issueBody()).expect(409);
      expect(response.body).toMatchObject({ status: 409, rule: 'one-nemid-per-person', type: 'urn:overgang:problem:rule-violated' });
    });

    it('orders a temporary password that arrives within four weekdays', async () => {
      const response = await t.as('citizen-service').post(`/api/v1/citizens/${citizenId}/temporary-passwords`).expect(201);
      expect(response.body.recorded[0].summary).toEqual({
        da: 'Midlertidig adgangskode bestilt; kommer med posten senest 2022-03-16',
        en: 'Temporary password ordered; arrives by post by 2022-03-16',
      });
    });

    it('activates the code app only with two codes left', async () => {
      const refused = await t.as('citizen-service').post(`/api/v1/citizens/${citizenId}/code-app-activations`).send({ codesLeftOnCard: 1 }).expect(409);
      expect(refused.body.rule).toBe('code-app-needs-two-codes-left');
      await t.as('citizen-service').post(`/api/v1/citizens/${citizenId}/code-app-activations`).send({ codesLeftOnCard: 5 }).expect(201);
    });

    it('creates a MitID, retires the NemID as migrated, and shows the status', async () => {
      t.clock.advanceDays(30);
      await t.as('citizen-service').post(`/api/v1/citizens/${citizenId}/mitid`).send({ route: 'bank' }).expect(201);
      const retired = await t.as('citizen-service').post(`/api/v1/citizens/${citizenId}/retirement`).send({ reason: 'migrated' }).expect(201);
      expect(retired.body.status).toBe('nemid-retired');
      const status = (await openRecord(t.as('support'), citizenId).expect(200)).body.status;
      expect(status).toMatchObject({
        citizenId,
        status: 'nemid-retired',
        codeAppActive: true,
        mitId: { createdOn: '2022-04-09', route: 'bank' },
        retired: { on: '2022-04-09', reason: 'migrated' },
        profile: { danishPassport: true, needsInfoUpdate: false },
      });
    });

    it('shows the timeline: time, type, a one-line summary in both languages and who did it, oldest first; the openings apart', async () => {
      const record = (await openRecord(t.as('support'), citizenId).expect(200)).body;
      expect(record.timeline.map((e: { type: string }) => e.type)).toEqual([
        'NemIdIssued',
        'TemporaryPasswordOrdered',
        'CodeAppActivated',
        'MitIdCreated',
        'NemIdRetired',
      ]);
      expect(record.timeline[0]).toEqual({
        revision: 0,
        at: '2022-03-10T10:00:00.000Z',
        type: 'NemIdIssued',
        summary: {
          da: 'NemID udstedt (billed-ID, identitet bekræftet med kontrolspørgsmål); nøglekort',
          en: 'NemID issued (photo ID, identity confirmed by security questions); authenticator: code card',
        },
        by: { da: 'Borgerservice desk-clerk-1', en: 'Citizen Service desk-clerk-1' },
        actor: { role: 'citizen-service', subject: 'desk-clerk-1' },
        details: {},
      });
      // The opening before and this very opening are both recorded, with who and why.
      expect(record.openings.map((e: { summary: { en: string } }) => e.summary.en)).toEqual([
        'Status and timeline opened by support support-agent-1: Citizen called about a letter',
        'Status and timeline opened by support support-agent-1: Citizen called about a letter',
      ]);
      expect(JSON.stringify(record)).not.toMatch(/protectedCpr|0707614285/);
    });
  });

  describe('update-info letters', () => {
    let mustUpdate: string;
    beforeAll(async () => {
      const response = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(
          issueBody({
            cpr: '150390-1234',
            documents: [
              { kind: 'person-certificate', showsCpr: true },
              { kind: 'health-insurance-card', showsCpr: true },
            ],
          }),
        )
        .expect(201);
      mustUpdate = response.body.citizenId;
    }, 60_000);

    it('sends one letter per campaign however often it is asked', async () => {
      const first = await t.as('citizen-service').post(`/api/v1/citizens/${mustUpdate}/update-info-letters`).send({ campaignId: 'oct-2021' }).expect(201);
      expect(first.body.status).toBe('letter-sent');
      const again = await t.as('citizen-service').post(`/api/v1/citizens/${mustUpdate}/update-info-letters`).send({ campaignId: 'oct-2021' }).expect(201);
      expect(again.body.recorded).toEqual([]);
      const timeline = { body: (await openRecord(t.as('support'), mustUpdate).expect(200)).body.timeline };
      expect(timeline.body.filter((e: { type: string }) => e.type === 'UpdateInfoLetterSent')).toHaveLength(1);
    });

    it('allows MitID in the bank only after the info update', async () => {
      const refused = await t.as('citizen-service').post(`/api/v1/citizens/${mustUpdate}/mitid`).send({ route: 'bank' }).expect(409);
      expect(refused.body.rule).toBe('pending-info-update-only-at-citizen-service');
      await t
        .as('citizen-service')
        .post(`/api/v1/citizens/${mustUpdate}/info-updates`)
        .send({ channel: 'citizen-service', documents: [{ kind: 'passport', showsCpr: true, issuingCountry: 'DK' }] })
        .expect(201);
      const created = await t.as('citizen-service').post(`/api/v1/citizens/${mustUpdate}/mitid`).send({ route: 'bank' }).expect(201);
      expect(created.body.status).toBe('mitid-created');
    });
  });

  describe('address protection', () => {
    it('needs a delivery address before a code card, and never shows the address', async () => {
      const { body } = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueBody({ cpr: '200585-2222', addressProtected: true }))
        .expect(201);
      const refused = await t.as('citizen-service').post(`/api/v1/citizens/${body.citizenId}/code-cards`).expect(409);
      expect(refused.body.rule).toBe('address-protection-needs-delivery-address');
      await t
        .as('citizen-service')
        .post(`/api/v1/citizens/${body.citizenId}/delivery-address`)
        .send({ street: 'Hemmelig Allé 7', postalCode: '8000', city: 'Aarhus C' })
        .expect(201);
      const ordered = await t.as('citizen-service').post(`/api/v1/citizens/${body.citizenId}/code-cards`).expect(201);
      expect(ordered.body.recorded[0].summary.en).toBe('Code card ordered, sent to the delivery address');
      const timeline = { body: (await openRecord(t.as('support'), body.citizenId).expect(200)).body.timeline };
      expect(JSON.stringify(timeline.body)).not.toContain('Hemmelig');
    });
  });

  it('decides again on the new state when two desk actions for one citizen race', async () => {
    const { body } = await t
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send(issueBody({ cpr: '111111-1118' }))
      .expect(201);
    const results = await Promise.all([
      t.as('citizen-service').post(`/api/v1/citizens/${body.citizenId}/code-cards`),
      t.as('citizen-service').post(`/api/v1/citizens/${body.citizenId}/temporary-passwords`),
      t.as('citizen-service').post(`/api/v1/citizens/${body.citizenId}/code-cards`),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const timeline = { body: (await openRecord(t.as('support'), body.citizenId).expect(200)).body.timeline };
    expect(timeline.body.map((e: { type: string; revision: number }) => `${e.revision} ${e.type}`)).toEqual([
      '0 NemIdIssued',
      expect.stringMatching(/^1 (CodeCardOrdered|TemporaryPasswordOrdered)$/),
      expect.stringMatching(/^2 (CodeCardOrdered|TemporaryPasswordOrdered)$/),
      expect.stringMatching(/^3 (CodeCardOrdered|TemporaryPasswordOrdered)$/),
    ]);
  });

  describe('bad input gets problem+json with the field and the reason, never a 500', () => {
    const expectProblem = (response: request.Response, status: number) => {
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
      expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
    };

    it('names an impossible CPR number and does not echo it', async () => {
      const response = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueBody({ cpr: '320161-4285' }));
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ field: 'cpr', reason: 'day 32 does not exist in January 1961' }]);
      expect(JSON.stringify(response.body)).not.toContain('320161');
    });

    it('lists every invalid field, nested ones by path, and unknown fields', async () => {
      const response = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueBody({ documents: [{ kind: 'library-card', showsCpr: 'yes' }], visualImpairment: 'x', extra: 1 }));
      expectProblem(response, 400);
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['extra', 'documents[0].kind', 'documents[0].showsCpr', 'visualImpairment']));
      expect(response.body.errors.find((e: { field: string }) => e.field === 'extra').reason).toBe('is not a known field');
    });

    it('gives one plain reason per missing field', async () => {
      const response = await t.as('citizen-service').post('/api/v1/citizens').send({ cpr: CPR });
      expectProblem(response, 400);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'documents', reason: 'must be an array' },
          { field: 'danishCitizen', reason: 'must be a boolean value' },
        ]),
      );
      expect(response.body.errors.filter((e: { field: string }) => e.field === 'documents')).toHaveLength(1);
    });

    it('explains a witness that is missing its fields', async () => {
      const response = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueBody({ cpr: '010203-4005', securityQuestions: 'failed', livingInDenmarkSince: '2021-09-01', witness: { kind: 'professional' } }));
      expectProblem(response, 400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['witness.profession', 'witness.hasMitId', 'witness.hasEmployeeId', 'witness.employerCvr']),
      );
    });

    it('refuses a date that does not exist', async () => {
      const response = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueBody({ cpr: '010203-4005', livingInDenmarkSince: '2021-02-30' }));
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ field: 'livingInDenmarkSince', reason: 'must be a date that exists, as YYYY-MM-DD' }]);
    });

    it('answers malformed JSON without quoting it', async () => {
      const response = await t.as('citizen-service').post('/api/v1/citizens').set('content-type', 'application/json').send('{"cpr":"0707614285",');
      expectProblem(response, 400);
      expect(response.body.detail).toBe('the body is not valid JSON');
    });

    it('answers a body over the limit with 413', async () => {
      const response = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send({ cpr: 'x'.repeat(200_000) });
      expectProblem(response, 413);
    });

    it('answers a body that is not JSON with 415, without quoting it', async () => {
      const response = await t.as('citizen-service').post('/api/v1/citizens').set('content-type', 'text/plain').send('cpr=0707614285');
      expectProblem(response, 415);
      expect(response.body.detail).toBe('send the body as application/json');
      expect(JSON.stringify(response.body)).not.toContain('0707614285');
    });

    it('refuses a malformed citizenId and a negative code count', async () => {
      const cprInPath = await openRecord(t.as('support'), '0707614285');
      expectProblem(cprInPath, 400);
      // The occurrence is named by the request's id, never by the caller's URL.
      expect(cprInPath.body.instance).toBe(`urn:overgang:request:${cprInPath.headers['x-request-id']}`);
      const negative = await t.as('citizen-service').post(`/api/v1/citizens/${citizenId}/code-app-activations`).send({ codesLeftOnCard: -1 });
      expectProblem(negative, 400);
      expect(negative.body.errors).toEqual([{ field: 'codesLeftOnCard', reason: 'must not be less than 0' }]);
    });

    it('answers an unknown citizen with 404 on reads and commands', async () => {
      const unknown = 'a'.repeat(32);
      expectProblem(await openRecord(t.as('support'), unknown), 404);
      expectProblem(await t.as('citizen-service').post(`/api/v1/citizens/${unknown}/code-cards`), 404);
    });

    it('answers an unknown route with 404', async () => {
      expectProblem(await http().get('/api/v1/nothing-here'), 404);
    });
  });

  it('serves health and the OpenAPI description', async () => {
    expect((await http().get('/health').expect(200)).body.status).toBe('ok');
    const openApi = await http().get('/api/docs-json').expect(200);
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/citizens', '/api/v1/citizens/lookup', '/api/v1/citizens/{citizenId}/openings']),
    );
  });

  it('keeps the data across a restart', async () => {
    await t.close();
    t = await startApp(t.clock, { dataDir: t.dataDir });
    const status = { body: (await openRecord(t.as('support'), citizenId).expect(200)).body.status };
    expect(status.body.status).toBe('nemid-retired');
  }, 60_000);

  it('leaves no CPR number in plain text in the database files', async () => {
    await t.close();
    const files = ['events.sqlite', 'events.sqlite-wal'].map((f) => join(t.dataDir, f)).filter(existsSync);
    expect(files.length).toBeGreaterThan(0);
    const content = files.map((f) => readFileSync(f).toString('latin1')).join('\n');
    expect(content).toContain('NemIdIssued');
    for (const cpr of CPRS_USED) {
      expect(content).not.toContain(cpr);
      expect(content).not.toContain(cpr.replace('-', ''));
    }
    t = await startApp(t.clock, { dataDir: t.dataDir });
  }, 60_000);
});
