import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEB_ASSETS_DIR } from '../src/web/web-assets';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { SESSION_COOKIE } from '../src/auth/session-cookie';
import { TWO_NON_PHOTO_IDS, issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { launchBrowser, screenshot, seriousViolations } from './support/browser';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';
import { Role } from '../src/auth/roles';

/** Holders the pages are tried on: each needs an info update, so a desk letter can be sent to each. */
const HOLDERS = { anna: '010180-1234', bent: '020280-2345', carl: '030380-3456' };
const PAGE_TIMEOUT_MS = 15_000;
jest.setTimeout(60_000);

describe('the pages, in a real browser', () => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  const citizenIds: Record<string, string> = {};
  const letterIds: Record<string, string> = {};
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startApp();
    url = await t.listen();
    browser = await launchBrowser();
    for (const [name, cpr] of Object.entries(HOLDERS)) {
      const issued = await t
        .as('citizen-service')
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr, documents: TWO_NON_PHOTO_IDS, digitalPostExempt: name === 'carl' }))
        .expect(201);
      citizenIds[name] = issued.body.citizenId;
      await t.as('citizen-service').post(`/api/v1/citizens/${issued.body.citizenId}/update-info-letters`).send({ campaignId: 'desk-letter' }).expect(201);
      const notices = await (await t.asCitizen(issued.body.citizenId)).get('/api/v1/me/notices').expect(200);
      letterIds[name] = notices.body[0].letterId;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 30_000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  }, 30_000);

  /** A fresh browser profile, signed in with a token for `role` (as the sign-in page would leave it), or not at all. */
  async function pageAs(role?: Role, subject?: string, expired = false): Promise<Page> {
    const context = await browser.newContext({ locale: 'da-DK' });
    contexts.push(context);
    if (role) {
      const token = await tokenFor(
        role,
        subject ?? TEST_SUBJECTS[role as Exclude<Role, 'citizen'>],
        expired ? { issuedAt: new Date(Date.now() - 7200_000), ttlSeconds: 3600 } : {},
      );
      await context.addCookies([{ name: SESSION_COOKIE, value: token, url, httpOnly: true, sameSite: 'Lax' }]);
    }
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of (400|403|404)/.test(message.text())) problems.push(message.text());
    });
    (page as Page & { problems: string[] }).problems = problems;
    return page;
  }
  const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;

  it('signs in on the development page, with the CPR number checked by the same rules and words as the API', async () => {
    const page = await pageAs();
    await page.goto(`${url}/`);
    await page.getByLabel('Rolle').selectOption('citizen');
    await page.getByLabel('CPR-nummer').fill('311399-1234');
    await page.getByRole('button', { name: 'Log ind' }).click();
    const api = await request(t.server())
      .post('/auth/development-session')
      .set('Accept-Language', 'da')
      .send({ role: 'citizen', cpr: '311399-1234' })
      .expect(400);
    expect(api.body.errors).toEqual([{ field: 'cpr', reason: expect.any(String) }]);
    await expect(page.locator('[data-field="cpr"] .field-error').textContent()).resolves.toBe(api.body.errors[0].reason);
    await expect(page.getByLabel('CPR-nummer').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'start-field-error');

    await page.getByLabel('CPR-nummer').fill(HOLDERS.anna);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(`${url}/citizen`);
    await page.getByRole('heading', { name: 'Mit NemID og MitID', level: 1 }).waitFor();
    // The session is a cookie scripts cannot read: nothing in the URL, nothing in storage.
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
    expect(problemsOf(page)).toEqual([]);
  });

  it('support finds a citizen by CPR number and a reason, sees the status card, the timeline newest first and the letter as received', async () => {
    const page = await pageAs('support');
    await page.goto(`${url}/support`);
    await page.getByLabel('CPR-nummer').fill(HOLDERS.bent);
    await page.getByLabel('Hvorfor åbner du borgerens oplysninger?').fill('Borgeren ringede om brevet');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator('.status[data-status="letter-sent"]').waitFor();
    await expect(page.locator('.facts').textContent()).resolves.toContain('Skal opdatere oplysninger');
    // Newest first, and the openings of the record apart (this search is one).
    const entries = page.locator('section[aria-labelledby="timeline-heading"] > ol.timeline > li');
    await expect(entries.last().getAttribute('data-type')).resolves.toBe('NemIdIssued');
    await expect(entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-type')))).resolves.not.toContain('TimelineViewed');
    await expect(page.locator('details.openings summary').textContent()).resolves.toBe('Opslag: hvem har åbnet oplysningerne (1)');
    await screenshot(page, 'support-timeline');

    await page.locator('.timeline li[data-type="UpdateInfoLetterSent"]').getByRole('button', { name: 'Læs brevet' }).click();
    const letter = page.frameLocator('iframe.letter');
    // Read on the page first: the opening below, for another reason, is another visit, after this one.
    await letter.locator('h1').waitFor();
    const delivered = await request(t.server())
      .post(`/api/v1/citizens/${citizenIds.bent}/letters/${letterIds.bent}/openings`)
      .set('Authorization', `Bearer ${await tokenFor('support', 'agent-7')}`)
      .send({ reason: 'Checking the letter text' })
      .expect(200);
    const title = /<h1>([^<]+)<\/h1>/.exec(delivered.text)![1];
    await expect(letter.locator('h1').textContent()).resolves.toBe(title);
    await screenshot(page, 'support-letter');

    // The number went in a POST body: never in the address bar or the history.
    expect(page.url()).toBe(`${url}/support`);
    const log = await (await t.asCitizen(citizenIds.bent)).get('/api/v1/me/access-log').expect(200);
    // One visit: the search and the letter read with it.
    expect(log.body.map((a: { viewed: string[]; reason: string }) => `${a.viewed.join('+')}: ${a.reason}`)).toEqual(
      expect.arrayContaining(['record+letter: Borgeren ringede om brevet']),
    );
    expect(problemsOf(page)).toEqual([]);
  });

  it("support's mistakes are shown next to the field, in the API's words", async () => {
    const page = await pageAs('support');
    await page.goto(`${url}/support`);
    await page.getByLabel('CPR-nummer').fill(HOLDERS.anna);
    await page.getByLabel('Hvorfor åbner du borgerens oplysninger?').fill('kort');
    await page.getByRole('button', { name: 'Find' }).click();
    const error = page.locator('[data-field="reason"] .field-error');
    await error.waitFor();
    // Refused in the page before anything is sent, in the words the API would use.
    const api = await t.as('support').post(`/api/v1/citizens/${citizenIds.anna}/openings`).set('Accept-Language', 'da').send({ reason: 'kort' }).expect(400);
    await expect(error.textContent()).resolves.toBe(api.body.errors[0].reason);
    await screenshot(page, 'support-field-error');
  });

  it('the agency starts a campaign and sees its progress move to completed', async () => {
    const page = await pageAs('agency');
    await page.goto(`${url}/agency`);
    await page.locator('#funnel table').waitFor();
    await expect(page.locator('#funnel tr[data-status="letter-sent"] .count').textContent()).resolves.toBe('3');
    await page.getByLabel('Breve pr. sekund').fill('1000');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    // Before anything is recorded: how many letters, how many on paper (carl is exempt from Digital Post).
    const question = page.getByRole('dialog');
    await expect(question.locator('p').textContent()).resolves.toMatch(/sender op til 3 breve, heraf 1 på papir\. Start den\?$/);
    await question.getByRole('button', { name: 'Bekræft' }).click();
    const row = page.locator('#campaigns tr[data-status="completed"]');
    await row.waitFor();
    await screenshot(page, 'agency-campaign-completed');
    const campaigns = await t.as('agency').get('/api/v1/campaigns?status=completed').expect(200);
    expect(campaigns.body.items).toHaveLength(1);
    await expect(row.getAttribute('data-campaign')).resolves.toBe(campaigns.body.items[0].campaignId);
    expect(problemsOf(page)).toEqual([]);
  });

  it('the agency pauses and resumes a campaign that has not started yet', async () => {
    const page = await pageAs('agency');
    await page.goto(`${url}/agency`);
    const campaignId = 'autumn-letters';
    await page.getByLabel('Kampagnens navn (tom: afledt af slags og hvem)').fill(campaignId);
    await page.getByLabel('Start (tom: nu)').fill('2022-09-01T08:00');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bekræft' }).click();
    const waiting = page.locator(`#campaigns tr[data-campaign="${campaignId}"][data-status="running"]`);
    await waiting.waitFor();
    await waiting.getByRole('button', { name: 'Pause' }).click();
    await page.locator(`#campaigns tr[data-campaign="${campaignId}"][data-status="paused"]`).waitFor();
    await page.locator(`#campaigns tr[data-campaign="${campaignId}"]`).getByRole('button', { name: 'Fortsæt' }).click();
    await page.locator(`#campaigns tr[data-campaign="${campaignId}"][data-status="running"]`).waitFor();
    const history = await t.as('agency').get(`/api/v1/campaigns/${campaignId}`).expect(200);
    expect(history.body.status).toBe('running');
  });

  it('the agency moves the deadline only after confirming, and a refused move shows the reason next to the field', async () => {
    const page = await pageAs('agency');
    await page.goto(`${url}/agency`);
    await page.getByText('Gældende frist: 30. juni 2022 (version 1)').waitFor();
    // A date before today (2022-03-10 on this app's clock) is refused before anything is asked, in the API's words.
    await page.getByLabel('Ny frist').fill('2022-01-31');
    await page.getByLabel('Begrundelse').fill('Pres på Borgerservice');
    await page.getByRole('button', { name: 'Flyt', exact: true }).click();
    const error = page.locator('[data-field="to"] .field-error');
    await error.waitFor();
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    const refused = await t
      .as('agency')
      .post('/api/v1/transition-schedule/deadline')
      .set('Accept-Language', 'da')
      .send({ to: '2022-01-31', reason: 'Pres på Borgerservice' })
      .expect(400);
    await expect(error.textContent()).resolves.toBe(refused.body.errors[0].reason);

    await page.getByLabel('Ny frist').fill('2022-10-31');
    await page.getByRole('button', { name: 'Flyt', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Fortryd' }).click();
    await expect(
      t
        .as('agency')
        .get('/api/v1/transition-schedule')
        .then((r) => r.body.deadlineVersion),
    ).resolves.toBe(1);

    await page.getByRole('button', { name: 'Flyt', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bekræft' }).click();
    await page.getByText('Gældende frist: 31. oktober 2022 (version 2)').waitFor();
    await screenshot(page, 'agency-deadline-moved');
    const schedule = await t.as('agency').get('/api/v1/transition-schedule').expect(200);
    expect(schedule.body.deadlineChanges).toEqual([expect.objectContaining({ from: '2022-06-30', to: '2022-10-31', reason: 'Pres på Borgerservice' })]);
  });

  it('the agency uploads a register file, watches it finish and can download the rejected rows', async () => {
    const page = await pageAs('agency');
    await page.goto(`${url}/agency`);
    const header = 'cpr,nemIdIssuedOn,authenticator,nsisSubstantial,passport,digitalPostExempt,residesAbroad,addressProtected,visualImpairment';
    const register = `${header}\n040490-4444,2014-05-20,code-card,true,danish,false,false,false,none\nnot-a-cpr,2014-05-20,code-card,true,danish,false,false,false,none\n`;
    await page.getByLabel('Registerfil (CSV eller NDJSON)').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(register) });
    await page.getByRole('button', { name: 'Indlæs' }).click();
    const done = page.locator('#imports tr[data-status="completed"]');
    await done.waitFor();
    await expect(done.locator('th').textContent()).resolves.toBe('register.csv');
    await expect(done.locator('.counts').textContent()).resolves.toBe('2 læst, 1 indlæst, 0 fandtes, 1 afvist');
    const link = done.getByRole('link', { name: 'Hent afviste rækker (CSV)' });
    const download = await page.request.get(`${url}${await link.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(await download.text()).toMatch(/^linje,felt,begrundelse\r?\n3,cpr,"skal skrives DDMMÅÅ-SSSS/);
    await screenshot(page, 'agency-import');
  });

  it('the agency simulates a proposed deadline: a refused field says why next to it, and the report opens when done', async () => {
    const page = await pageAs('agency');
    await page.goto(`${url}/agency`);
    await page.getByText('Ingen simuleringer endnu.').waitFor();
    await page.getByLabel('Indehavere').fill('5');
    await page.getByRole('button', { name: 'Start simulering' }).click();
    const error = page.locator('section[aria-labelledby="simulations-heading"] [data-field="citizens"] .field-error');
    await error.waitFor();
    const refused = await t.as('agency').post('/api/v1/simulations').set('Accept-Language', 'da').send({ citizens: 5 }).expect(400);
    await expect(error.textContent()).resolves.toBe(refused.body.errors[0].reason);

    await page.getByLabel('Indehavere').fill('100');
    await page.getByLabel('Foreslået frist').fill('2022-08-31');
    await page.getByRole('button', { name: 'Start simulering' }).click();
    await page.getByText('Frist 31. august 2022 mod den rigtige').waitFor();
    // 100 holders, both schedules at once in a process of their own: seconds on a quiet machine, more on a busy one.
    const done = page.locator('#simulations tr[data-status="done"]');
    await done.waitFor({ timeout: 150_000 });
    const link = done.getByRole('link', { name: 'Se rapporten' });
    const report = await page.request.get(`${url}${await link.getAttribute('href')}`);
    expect(report.status()).toBe(200);
    expect(await report.text()).toContain('<h1>proposed mod real</h1>');
    await screenshot(page, 'agency-simulation');
  }, 180_000);

  it("a citizen sees their own letters, and a 403 page for anyone else's", async () => {
    const page = await pageAs('citizen', citizenIds.anna);
    await page.goto(`${url}/citizen`);
    const letters = page.locator('.letters li');
    await letters.first().waitFor();
    // Exactly the letters the API lists as hers (a campaign in another test may have added one).
    const hers = (await (await t.asCitizen(citizenIds.anna)).get('/api/v1/me/notices').expect(200)).body.map((n: { letterId: string }) => n.letterId);
    const shown = await letters.evaluateAll((items) => items.map((item) => item.getAttribute('data-letter')));
    expect(shown.sort()).toEqual([...hers].sort());
    expect(shown).not.toContain(letterIds.bent);
    await page.locator(`.letters li[data-letter="${letterIds.anna}"] button`).click();
    await page.frameLocator('iframe.letter').locator('h1').waitFor();
    await screenshot(page, 'citizen-letter');

    await page.goto(`${url}/citizen?letter=${letterIds.bent}`);
    await page.locator('[data-status="403"]').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Brevet er ikke dit (403)');
    await screenshot(page, 'citizen-403');
    const api = await (await t.asCitizen(citizenIds.anna)).get(`/api/v1/me/letters/${letterIds.bent}`);
    expect(api.status).toBe(403);
  });

  it('a paper letter opens as its PDF', async () => {
    const page = await pageAs('citizen', citizenIds.carl);
    await page.goto(`${url}/citizen`);
    await page.locator(`.letters li[data-letter="${letterIds.carl}"] button`).click();
    const link = page.getByRole('link', { name: 'Brevet blev sendt på papir. Åbn PDF' });
    await link.waitFor();
    await expect(link.getAttribute('href')).resolves.toMatch(/^blob:/);
  });

  it('switches between Danish and English, and keeps the choice', async () => {
    const page = await pageAs('citizen', citizenIds.anna);
    await page.goto(`${url}/citizen`);
    await page.getByRole('heading', { name: 'Mit NemID og MitID', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Read this page in English' }).click();
    await page.getByRole('heading', { name: 'My NemID and MitID', level: 1 }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'My letters' }).waitFor();
    await screenshot(page, 'citizen-english');
  });

  it('an expired session, a missing one and the wrong role each get a clear page, never a blank one', async () => {
    const expired = await pageAs('agency', undefined, true);
    await expired.goto(`${url}/agency`);
    await expired.getByText('Du har været logget ind for længe. Log ind igen.').waitFor();
    await screenshot(expired, 'agency-session-expired');

    const none = await pageAs();
    await none.goto(`${url}/support`);
    await none.getByText('Du er ikke logget ind.').waitFor();

    const citizen = await pageAs('citizen', citizenIds.anna);
    await citizen.goto(`${url}/agency`);
    await citizen.locator('[data-status="403"]').waitFor();
    await expect(citizen.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ingen adgang (403)');
  });

  it('a request that fails on the way says so on the page', async () => {
    const page = await pageAs('support');
    await page.route('**/api/v1/citizens/lookup', (route) => route.abort('connectionrefused'));
    await page.goto(`${url}/support`);
    await page.getByLabel('CPR-nummer').fill(HOLDERS.anna);
    await page.getByLabel('Hvorfor åbner du borgerens oplysninger?').fill('Borgeren ringede om brevet');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('Tjenesten svarer ikke. Prøv igen om lidt.').waitFor();
  });

  it.each([
    ['start', undefined, '/'],
    ['desk', 'citizen-service', '/desk'],
    ['support', 'support', '/support'],
    ['agency', 'agency', '/agency'],
    ['citizen', 'citizen', '/citizen'],
  ] as const)('axe-core finds no serious or critical violation on the %s page', async (name, role, path) => {
    const page = await pageAs(role, role === 'citizen' ? citizenIds.anna : undefined);
    await page.goto(`${url}${path}`);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    if (name === 'support') {
      await page.getByLabel('CPR-nummer').fill(HOLDERS.anna);
      await page.getByLabel('Hvorfor åbner du borgerens oplysninger?').fill('Borgeren ringede om brevet');
      await page.getByRole('button', { name: 'Find' }).click();
      await page.locator('#timeline-heading').waitFor();
    }
    await screenshot(page, `axe-${name}`);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the first load of each page stays under 150 kB of gzipped JavaScript', () => {
    const sizes = Object.fromEntries(['index', 'desk', 'support', 'agency', 'citizen'].map((name) => [name, firstLoadJavaScript(name)]));
    // Printed for the record (the closing note quotes it).
    console.log(`JavaScript per page, gzipped bytes: ${JSON.stringify(sizes)}`);
    for (const size of Object.values(sizes)) expect(size).toBeLessThan(150 * 1024);
  });
});

/** The page's scripts and the modules it preloads, as its built HTML names them, gzipped. */
function firstLoadJavaScript(page: string): number {
  const html = readFileSync(join(WEB_ASSETS_DIR, `${page}.html`), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  expect(files.length).toBeGreaterThan(0);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(WEB_ASSETS_DIR, file))).length, 0);
}
