import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../src/auth/session-cookie';
import { EVENTS_FILE } from '../src/event-store/open-event-store';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { launchBrowser, screenshot } from './support/browser';
import { testEvent } from './support/events';
import { TestApp, startApp } from './support/test-app';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';

jest.setTimeout(90_000);

/** The agency page's section on the read models, in a real browser, on an app of its own (a stalled read model is the app's whole state). */
describe('the agency page, when a read model stalls', () => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    // The poisoned event is a letter too: without the delivery, only the read models hold it (the delivery's own
    // dead letters are test/delivery-dead-letters.e2e-spec.ts).
    process.env.WORKERS = 'off';
    t = await startApp();
    url = await t.listen();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  }, 30_000);

  async function agencyPage(): Promise<Page> {
    context = await browser.newContext({ locale: 'da-DK' });
    await context.addCookies([{ name: SESSION_COOKIE, value: await tokenFor('agency', TEST_SUBJECTS.agency), url, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    return page;
  }

  it('the agency sees a read model that stalled on an event, and skips the event after confirming', async () => {
    // An event the citizen-status and campaign-progress folds reject, written beside the app as another process would.
    const events = new SqliteEventStore({ path: join(t.dataDir, EVENTS_FILE), synchronous: 'NORMAL' });
    try {
      await events.append(`citizen-${randomUUID()}`, [testEvent('NoticeSent', null)]);
    } finally {
      await events.close();
    }
    const page = await agencyPage();
    await page.goto(`${url}/agency`);
    for (const name of ['citizen-status', 'campaign-progress']) {
      const stalled = page.locator(`#projections tr[data-projection="${name}"][data-state="stalled"]`);
      await stalled.waitFor({ timeout: 60_000 });
      await expect(stalled.locator('strong').textContent()).resolves.toMatch(/^står stille ved NoticeSent \(position \d+, \d+ forsøg\)$/);
      if (name === 'citizen-status') await screenshot(page, 'agency-projection-stalled');
      await stalled.getByRole('button', { name: 'spring hændelsen over og fortsæt' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Bekræft' }).click();
      await page.locator(`#projections tr[data-projection="${name}"][data-state="running"]`).waitFor({ timeout: 30_000 });
    }
    const letters = await t.as('agency').get('/api/v1/projections/dead-letters').expect(200);
    expect(letters.body.map((l: { projection: string; state: string; decidedBy: string }) => [l.projection, l.state, l.decidedBy]).sort()).toEqual([
      ['campaign-progress', 'skipped', TEST_SUBJECTS.agency],
      ['citizen-status', 'skipped', TEST_SUBJECTS.agency],
    ]);
    expect(problems).toEqual([]);
  });
});
