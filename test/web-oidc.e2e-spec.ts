import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../src/auth/session-cookie';
import { launchBrowser, screenshot } from './support/browser';
import { ROOT, freePort, stopProcess } from './support/service-process';
import { TestApp, startApp } from './support/test-app';

jest.setTimeout(60_000);

const CLIENT_ID = 'overgang-pages';
/** RFC 8707: a resource indicator is an absolute URI. */
const AUDIENCE = 'urn:overgang:api';
/** Who the provider knows, and the roles it puts in their access tokens. */
const ROLES = { 'planner-1': ['agency'], 'visitor-1': [] };

/** The provider is up when it says so on its standard output. */
function startProvider(port: number, app: string): Promise<ChildProcess> {
  const settings = { port, clientId: CLIENT_ID, redirectUri: `${app}/auth/oidc/callback`, postLogoutRedirectUri: `${app}/`, audience: AUDIENCE, roles: ROLES };
  const child = spawn(process.execPath, [join(ROOT, 'test', 'support', 'oidc-provider.mjs'), JSON.stringify(settings)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start: ${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${output}`)));
  });
}

describe('signing in to the pages with OpenID Connect (authorization code + PKCE) at a real provider', () => {
  let provider: ChildProcess;
  let t: TestApp;
  let app: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [providerPort, appPort] = [await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${providerPort}`;
    app = `http://127.0.0.1:${appPort}`;
    provider = await startProvider(providerPort, app);
    const settings = {
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_SCOPE: 'openid overgang',
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: AUDIENCE,
      PUBLIC_URL: app,
    };
    Object.assign(process.env, settings);
    try {
      t = await startApp();
    } finally {
      for (const key of Object.keys(settings)) delete process.env[key];
    }
    await t.listen(appPort);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (provider) await stopProcess(provider, 'SIGTERM');
  }, 30_000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  }, 30_000);

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'da-DK' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  /** From the start page through the provider's login form; `consent` false cancels there instead. */
  async function signInAt(page: Page, login: string, consent = true): Promise<void> {
    await page.goto(`${app}/agency`);
    await page.getByRole('link', { name: 'Log ind' }).click();
    await page.getByRole('link', { name: 'Log ind hos identitetsudbyderen' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    if (consent) await page.getByRole('button', { name: 'Continue' }).click();
    else await page.getByRole('link', { name: '[ Cancel ]' }).click();
  }

  it('signs in, comes back to the page asked for, and keeps the token out of URLs and scripts', async () => {
    const page = await newPage();
    await signInAt(page, 'planner-1');
    await page.waitForURL(`${app}/agency`);
    await page.getByRole('heading', { name: 'Overgangen i tal', level: 1 }).waitFor();
    await page.getByText('Logget ind som planner-1').waitFor();
    await screenshot(page, 'oidc-signed-in');
    const session = (await page.context().cookies(app)).find((c) => c.name === SESSION_COOKIE)!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // The provider's access token (RS256, for the API's audience) is the session.
    const [header, payload] = session.value
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header.alg).toBe('RS256');
    expect(payload).toMatchObject({ aud: AUDIENCE, sub: 'planner-1', roles: ['agency'] });
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
    await expect(page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)')).resolves.not.toContain(session.value.slice(0, 20));
  });

  it('signing out ends the session here and at the provider, then comes back to the start page', async () => {
    const page = await newPage();
    await signInAt(page, 'planner-1');
    await page.getByText('Logget ind som planner-1').waitFor();
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${app}/`);
    expect((await page.context().cookies(app)).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    // The provider forgot the user too: signing in again asks for the login, instead of passing straight through.
    await signInAt(page, 'planner-1');
    await page.getByText('Logget ind som planner-1').waitFor();
  });

  it('a user the provider gives no role here gets a clear page', async () => {
    const page = await newPage();
    await signInAt(page, 'visitor-1');
    await page.getByText('Din bruger har ingen rolle i Overgang.').waitFor();
    expect((await page.context().cookies(app)).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    await screenshot(page, 'oidc-no-role');
  });

  it('a sign-in cancelled at the provider gets a clear page', async () => {
    const page = await newPage();
    await signInAt(page, 'planner-1', false);
    await page.getByText('Identitetsudbyderen afviste log ind. Prøv igen.').waitFor();
  });

  it('an answer that belongs to no sign-in started here (replayed, forged or too late) is refused with a clear page', async () => {
    const page = await newPage();
    await page.goto(`${app}/auth/oidc/callback?code=stolen-code&state=guessed-state&iss=${encodeURIComponent(process.env.OIDC_ISSUER_URL ?? '')}`);
    await page.getByText('Log ind tog for lang tid eller blev startet et andet sted. Prøv igen.').waitFor();
    expect((await page.context().cookies(app)).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    await screenshot(page, 'oidc-refused');
  });
});
