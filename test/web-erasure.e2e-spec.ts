import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../src/auth/session-cookie';
import { Role } from '../src/auth/roles';
import { FixedClock } from '../src/domain/clock';
import { launchBrowser, screenshot, seriousViolations } from './support/browser';
import { needingUpdate, retiredHolder } from './support/erasure';
import { TestApp, startApp } from './support/test-app';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';

const PAGE_TIMEOUT_MS = 15_000;
jest.setTimeout(60_000);

describe('erasure on the pages, in a real browser', () => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let retired: { citizenId: string; letterId: string };
  let active: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startApp(new FixedClock(new Date('2022-03-10T10:00:00Z')));
    url = await t.listen();
    browser = await launchBrowser();
    retired = await retiredHolder(t, '070761-4285');
    active = (await t.as('citizen-service').post('/api/v1/citizens').send(needingUpdate('010203-4005')).expect(201)).body.citizenId;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 30_000);
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  }, 30_000);

  async function pageAs(role: Role, subject?: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'da-DK' });
    contexts.push(context);
    const token = await tokenFor(role, subject ?? TEST_SUBJECTS[role as Exclude<Role, 'citizen'>]);
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    return page;
  }

  it('the agency plans ahead, is told next to the date that a run cannot be ahead of today, and forgets one citizen after confirming', async () => {
    const page = await pageAs('agency');
    await page.goto(`${url}/agency`);
    const section = page.locator('section[aria-labelledby="retention-heading"]');
    await section.getByText('Ingen kørsler endnu.').waitFor();
    await section.getByLabel('Pr. dato').fill('2028-01-10');
    await section.getByRole('button', { name: 'Vis planen' }).click();
    await section.getByText('1 indehavere, hvis NemID blev lukket senest 10. januar 2023 (5 år), ville blive glemt.').waitFor();
    await section.getByRole('button', { name: 'Glem dem nu' }).click();
    const asOfError = section.locator('[data-field="asOf"] .field-error');
    await asOfError.waitFor();
    await expect(asOfError.textContent()).resolves.toBe('må ikke ligge efter i dag (2022-03-10): kun det, der er forfaldent, slettes');

    // One citizen whose NemID still works: refused by the rule, in the API's words.
    await section.getByLabel('Borger-id').fill(active);
    await section.getByRole('button', { name: 'Glem borgeren' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bekræft' }).click();
    await section.getByText(/personoplysninger slettes først, når NemID er lukket/).waitFor();

    await section.getByLabel('Borger-id').fill(retired.citizenId);
    await section.getByRole('button', { name: 'Glem borgeren' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bekræft' }).click();
    await section.getByText('Borgeren er glemt.').waitFor();
    await screenshot(page, 'agency-erasure');
    expect(await seriousViolations(page)).toEqual([]);
    const status = (await t.as('support').post(`/api/v1/citizens/${retired.citizenId}/openings`).send({ reason: 'Checking the erasure' }).expect(200)).body
      .status;
    expect(status).toMatchObject({ status: 'forgotten', forgotten: { basis: 'agency-decision' } });
  });

  it('support looking the person up is told, next to the number, that their data was erased', async () => {
    await t.as('agency').post(`/api/v1/citizens/${retired.citizenId}/erasure`).send({ basis: 'agency-decision' }).expect(200);
    const page = await pageAs('support');
    await page.goto(`${url}/support`);
    await page.getByLabel('CPR-nummer').fill('070761-4285');
    await page.getByLabel('Hvorfor åbner du borgerens oplysninger?').fill('Borgeren ringede om brevet');
    await page.getByRole('button', { name: 'Find' }).click();
    const error = page.locator('[data-field="cpr"] .field-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toBe('borgerens personoplysninger er slettet, og de kan ikke læses mere');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the citizen is told their data was erased, in Danish and in English', async () => {
    await t.as('agency').post(`/api/v1/citizens/${retired.citizenId}/erasure`).send({ basis: 'agency-decision' }).expect(200);
    const page = await pageAs('citizen', retired.citizenId);
    await page.goto(`${url}/citizen`);
    await page.getByRole('heading', { name: 'Dine oplysninger er slettet' }).waitFor();
    await screenshot(page, 'citizen-forgotten');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Your data has been erased' }).waitFor();
  });
});
