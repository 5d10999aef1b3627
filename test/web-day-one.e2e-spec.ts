import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../src/auth/session-cookie';
import { Role } from '../src/auth/roles';
import { TEXTS } from '../web/src/texts';
import { launchBrowser, screenshot, seriousViolations } from './support/browser';
import { cprNumbersIn } from './support/debug-logs';
import { onlyIn } from './support/catalogue';
import { TWO_NON_PHOTO_IDS, issueNemIdBody } from './support/requests';
import { TestApp, startApp } from './support/test-app';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';

const HOLDERS = { anna: '010180-1234', bent: '020280-2345', dora: '040470-4567' };
const PAGE_TIMEOUT_MS = 15_000;
jest.setTimeout(90_000);

type Language = 'da' | 'en';

/** The page's text as shown, without what users wrote (marked .user-text). Run in the page: this project's types know no DOM. */
const SHOWN_TEXT_BUT_USERS = `(() => {
  const hidden = [...document.querySelectorAll('.user-text')].map((element) => [element, element.style.display]);
  hidden.forEach(([element]) => (element.style.display = 'none'));
  const text = document.body.innerText;
  hidden.forEach(([element, display]) => (element.style.display = display));
  return text;
})()`;
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/**
 * The pages as their users meet them on the first day: the desk, support, the agency and citizens, in Danish and in
 * English, on a desktop and on a phone. Every URL the browser asks for is kept, and none may hold a CPR number.
 */
describe('the pages on their first day, in a real browser', () => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  const citizenIds: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    t = await startApp();
    url = await t.listen();
    browser = await launchBrowser();
    const desk = t.as('citizen-service');
    citizenIds.anna = (
      await desk
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr: HOLDERS.anna, documents: TWO_NON_PHOTO_IDS }))
        .expect(201)
    ).body.citizenId;
    await desk.post(`/api/v1/citizens/${citizenIds.anna}/update-info-letters`).send({ campaignId: 'desk-letter' }).expect(201);
    citizenIds.bent = (
      await desk
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr: HOLDERS.bent, documents: TWO_NON_PHOTO_IDS, holdsDanishPassport: false }))
        .expect(201)
    ).body.citizenId;
    citizenIds.dora = (
      await desk
        .post('/api/v1/citizens')
        .send(issueNemIdBody({ cpr: HOLDERS.dora }))
        .expect(201)
    ).body.citizenId;
    await desk.post(`/api/v1/citizens/${citizenIds.dora}/mitid`).send({ route: 'bank' }).expect(201);
    await desk.post(`/api/v1/citizens/${citizenIds.dora}/retirement`).send({ reason: 'migrated' }).expect(201);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 30_000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  }, 30_000);

  async function pageAs(role: Role | undefined, options: { subject?: string; language?: Language; viewport?: keyof typeof VIEWPORTS } = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'da-DK', viewport: VIEWPORTS[options.viewport ?? 'desktop'] });
    contexts.push(context);
    await context.addInitScript(`localStorage.setItem('overgang-language', '${options.language ?? 'da'}')`);
    if (role) {
      const token = await tokenFor(role, options.subject ?? TEST_SUBJECTS[role as Exclude<Role, 'citizen'>]);
      await context.addCookies([{ name: SESSION_COOKIE, value: token, url, httpOnly: true, sameSite: 'Lax' }]);
    }
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    page.on('request', (request) => requested.push(request.url()));
    return page;
  }

  const accessLogOf = async (citizenId: string) =>
    (await (await t.asCitizen(citizenId)).get('/api/v1/me/access-log').expect(200)).body as { viewed: string[]; reason: string }[];

  it('the desk issues a NemID, then acts for the holder: each result in the timeline at once, each refusal at its field, one opening for the visit', async () => {
    const page = await pageAs('citizen-service');
    await page.goto(`${url}/`);
    await page.getByRole('link', { name: 'Skranken i Borgerservice' }).click();
    await page.getByRole('heading', { name: 'Skranken i Borgerservice', level: 1 }).waitFor();

    // Too young: the rule's refusal stands at the CPR number, in Danish.
    await page.getByLabel('CPR-nummer').fill('010110-4003');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('Der er intet NemID på dette CPR-nummer. Udsted et nyt nedenfor.').waitFor();
    await page.locator('form[data-command="issue"]').getByRole('button', { name: 'Registrér' }).click();
    const young = page.locator('form[data-command="issue"] [data-field="cpr"] .field-error');
    await young.waitFor();
    await expect(young.textContent()).resolves.toBe('NemID kan kun udstedes til personer, der er fyldt 15 år');

    await page.locator('#main form').first().getByLabel('CPR-nummer').fill('050590-1231');
    await page.locator('#main form').first().getByRole('button', { name: 'Find' }).click();
    await page.locator('form[data-command="issue"]').waitFor();
    await page.locator('form[data-command="issue"]').getByRole('button', { name: 'Registrér' }).click();
    await page.getByText(/^Registreret: NemID udstedt \(billed-ID, identitet bekræftet med kontrolspørgsmål\)/).waitFor();
    await page.locator('.status[data-status="nemid-active"]').waitFor();
    await screenshot(page, 'desk-issued');

    const codeApp = page.locator('form[data-command="code-app-activations"]');
    await codeApp.getByLabel('Ubrugte koder tilbage på nøglekortet').fill('1');
    await codeApp.getByRole('button', { name: 'Registrér' }).click();
    const tooFew = codeApp.locator('[data-field="codesLeftOnCard"] .field-error');
    await tooFew.waitFor();
    await expect(tooFew.textContent()).resolves.toBe('der skal være mindst to ubrugte koder tilbage på nøglekortet');

    await page.locator('form[data-command="code-cards"]').getByRole('button', { name: 'Bestil nøglekort' }).click();
    await page.getByText('Registreret: Nøglekort bestilt, sendes til folkeregisteradressen').waitFor();
    const newest = page.locator('section[aria-labelledby="timeline-heading"] > ol.timeline > li').first();
    await expect(newest.getAttribute('data-type')).resolves.toBe('CodeCardOrdered');
    await screenshot(page, 'desk-code-card');

    const { citizenId } = (await t.as('citizen-service').post('/api/v1/citizens/lookup').send({ cpr: '050590-1231' }).expect(200)).body;
    expect(await accessLogOf(citizenId)).toEqual([
      expect.objectContaining({ viewed: ['record'], reason: 'Borgeren er i Borgerservice', by: { role: 'citizen-service', subject: 'desk-clerk-1' } }),
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('support: Enter searches, the status gets the focus, switching language keeps the result without a second opening', async () => {
    const page = await pageAs('support');
    await page.goto(`${url}/support`);
    await page.getByLabel('CPR-nummer').fill(HOLDERS.anna);
    await page.getByLabel('Hvorfor åbner du borgerens oplysninger?').fill('Borgeren spurgte til sit brev');
    await page.getByLabel('Hvorfor åbner du borgerens oplysninger?').press('Enter');
    await page.locator('.status[data-status="letter-sent"]').waitFor();
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('status-heading');
    await expect(page.locator('section[aria-labelledby="status-heading"] dl').textContent()).resolves.toMatch(
      /Breve sendt1Næste milepæl for borgeren29\. juni 2022: Behold NemID indtil videre \(intet dansk pas\)/,
    );

    await page.getByRole('button', { name: 'Read this page in English' }).click();
    await page.getByText('Letter asking to update personal information sent').waitFor();
    await expect(page.locator('.status').textContent()).resolves.toBe('Letter sent');
    expect((await accessLogOf(citizenIds.anna)).filter((visit) => visit.reason === 'Borgeren spurgte til sit brev')).toHaveLength(1);
  });

  it("support's search for a number with no NemID says so in Danish, not in the API's English", async () => {
    const page = await pageAs('support');
    await page.goto(`${url}/support`);
    await page.getByLabel('CPR-nummer').fill('101010-1010');
    await page.getByLabel('Hvorfor åbner du borgerens oplysninger?').fill('Borgeren ringede om sit NemID');
    await page.getByRole('button', { name: 'Find' }).click();
    const english = await t.as('support').post('/api/v1/citizens/lookup').set('Accept-Language', 'en').send({ cpr: '101010-1010' }).expect(404);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('der er ingen NemID-indehaver med dette CPR-nummer');
    await expect(alert.textContent()).resolves.not.toContain(english.body.detail);
  });

  it('the agency sees what a campaign would send before it starts, is told when it exists already, and every planner sees the imports', async () => {
    await t
      .as('agency')
      .post('/api/v1/population/imports')
      .set('Content-Type', 'text/csv')
      .set('X-File-Name', encodeURIComponent('register uge 40.csv'))
      .send(
        'cpr,nemIdIssuedOn,authenticator,nsisSubstantial,passport,digitalPostExempt,residesAbroad,addressProtected,visualImpairment\n060660-6666,2014-05-20,code-card,true,danish,false,false,false,none\n',
      );
    const page = await pageAs('agency', { subject: 'planner-2' });
    await page.goto(`${url}/agency`);
    const imported = page.locator('#imports tr').filter({ hasText: 'register uge 40.csv' });
    await imported.waitFor();
    await expect(imported.textContent()).resolves.toContain(TEST_SUBJECTS.agency);

    await page.getByLabel('Fritaget for Digital Post (breve på papir)').selectOption('false');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const question = page.getByRole('dialog');
    await expect(question.locator('p').textContent()).resolves.toMatch(/sender op til 2 breve, heraf 0 på papir/);
    await question.getByRole('button', { name: 'Fortryd' }).click();
    expect((await t.as('agency').get('/api/v1/campaigns').expect(200)).body.items.filter((c: { kind: string }) => c.kind !== null)).toEqual([]);

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bekræft' }).click();
    await page.locator('#campaigns tr[data-status="completed"]').filter({ hasText: 'update-info-letter' }).waitFor();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText(/^Kampagnen update-info-letter-[a-z0-9]+ findes allerede \(færdig\)\. Der sendes intet to gange\.$/).waitFor();
    // The legend shows the latest day's figures, not dashes.
    await expect(page.locator('.u-legend').textContent()).resolves.not.toMatch(/--/);
  });

  it("a citizen sees what to do, with links; a retired NemID's date instead of a deadline; no passport and no NemID each said plainly", async () => {
    const anna = await pageAs('citizen', { subject: citizenIds.anna });
    await anna.goto(`${url}/citizen`);
    await anna.locator('.deadline').waitFor();
    await expect(anna.locator('.deadline').textContent()).resolves.toBe('30. juni 2022');
    await expect(anna.getByRole('link', { name: 'MitID.dk: få MitID, eller læs om det' }).getAttribute('href')).resolves.toBe('https://www.mitid.dk/');
    await expect(anna.getByRole('link', { name: 'borger.dk: bestil tid i Borgerservice' }).getAttribute('href')).resolves.toMatch(
      /^https:\/\/www\.borger\.dk\//,
    );

    const dora = await pageAs('citizen', { subject: citizenIds.dora });
    await dora.goto(`${url}/citizen`);
    await dora.getByText('Dit NemID blev lukket 10. marts 2022: borgeren er flyttet til MitID.').waitFor();
    await expect(dora.locator('.deadline').count()).resolves.toBe(0);

    const bent = await pageAs('citizen', { subject: citizenIds.bent });
    await bent.goto(`${url}/citizen`);
    await bent.getByRole('heading', { name: 'Du har ikke et dansk pas' }).waitFor();

    const nobody = await pageAs('citizen', { subject: 'z'.repeat(32) });
    await nobody.goto(`${url}/citizen`);
    await nobody.getByRole('heading', { name: 'Du har ikke NemID hos os' }).waitFor();
    await screenshot(nobody, 'citizen-no-nemid');
  });

  /** Each page with something on it: a holder open at the desk and in support. */
  const PAGES: { name: string; role?: Role; subject?: () => string; path: string; fill?: (page: Page, language: Language) => Promise<void> }[] = [
    { name: 'start', path: '/' },
    {
      name: 'desk',
      role: 'citizen-service',
      path: '/desk',
      fill: async (page) => {
        await page.locator('#main form').first().locator('input').first().fill(HOLDERS.anna);
        await page.locator('#main form').first().locator('button[type=submit]').click();
        await page.locator('#status-heading').waitFor();
      },
    },
    {
      name: 'support',
      role: 'support',
      path: '/support',
      fill: async (page, language) => {
        const inputs = page.locator('#main form input');
        await inputs.nth(0).fill(HOLDERS.anna);
        await inputs.nth(1).fill(language === 'da' ? 'Borgeren ringede om brevet' : 'The citizen called about the letter');
        await page.locator('#main form button[type=submit]').click();
        await page.locator('#timeline-heading').waitFor();
      },
    },
    { name: 'agency', role: 'agency', path: '/agency', fill: async (page) => void (await page.locator('#funnel table').waitFor()) },
    {
      name: 'citizen',
      role: 'citizen',
      subject: () => citizenIds.anna,
      path: '/citizen',
      fill: async (page) => void (await page.locator('.letters').waitFor()),
    },
  ];

  it.each(PAGES.map((p) => [p.name]))(
    'the %s page shows no text of the other language, fits a 390 px phone, and is photographed in both languages',
    async (name) => {
      const spec = PAGES.find((p) => p.name === name)!;
      for (const language of ['da', 'en'] as const) {
        const other = onlyIn(language === 'da' ? 'en' : 'da');
        for (const viewport of ['desktop', 'phone'] as const) {
          const page = await pageAs(spec.role, { subject: spec.subject?.(), language, viewport });
          await page.goto(`${url}${spec.path}`);
          await page.locator('main h1').waitFor();
          await spec.fill?.(page, language);
          await page.waitForLoadState('networkidle');
          const { width, height } = VIEWPORTS[viewport];
          await screenshot(page, `page-${name}-${language}-${width}x${height}`);
          if (viewport === 'phone') {
            const widths = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
            expect({ name, language, widths }).toEqual({ name, language, widths: [widths[1], widths[1]] });
          }
          // What people wrote (a reason, a file name) is theirs, in their language: the page's own words are checked.
          const text = (await page.evaluate(SHOWN_TEXT_BUT_USERS)) as string;
          const foreign = other.filter((phrase) => new RegExp(`(^|[^\\p{L}])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(text));
          expect({ name, language, viewport, foreign }).toEqual({ name, language, viewport, foreign: [] });
        }
      }
    },
  );

  it('no page asked for a URL holding a CPR number', () => {
    expect(requested.length).toBeGreaterThan(50);
    expect(cprNumbersIn(requested.join('\n'))).toEqual([]);
  });

  it('the catalogue the check reads has both languages of every text', () => {
    for (const [key, text] of Object.entries(TEXTS)) expect({ key, da: text.da.length > 0, en: text.en.length > 0 }).toEqual({ key, da: true, en: true });
  });
});
