import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { WEB_ASSETS_DIR } from '../../src/web/web-assets';
import { ROOT } from './service-process';

/** Flags of the serverless build that switch off the web's own protections: the tests keep them on. */
const UNSAFE_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);
/** Built for one page per process (AWS Lambda): with several browser contexts, closing one would end the browser. */
const SINGLE_PAGE_FLAGS = new Set(['--single-process']);

/** A launch that crashes before any page is tried again, up to this many times in all. */
const LAUNCH_ATTEMPTS = 3;

export const ARTIFACTS_DIR = join(ROOT, 'test', 'artifacts');

/**
 * Chromium from the @sparticuz/chromium npm package (unpacked on first use), driven by playwright-core:
 * `npm ci` brings everything. The package is ESM only, so it is asked for its path in a child process.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(join(WEB_ASSETS_DIR, 'index.html'))) throw new Error(`the pages are not built (${WEB_ASSETS_DIR}); run npm run build`);
  const script =
    "import chromium from '@sparticuz/chromium'; process.stdout.write(JSON.stringify({ path: await chromium.executablePath(), args: chromium.args }));";
  const { path, args } = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as {
    path: string;
    args: string[];
  };
  const options = {
    executablePath: path,
    args: [...args.filter((flag) => !UNSAFE_FLAGS.has(flag) && !SINGLE_PAGE_FLAGS.has(flag)), '--disable-background-networking'],
  };
  // Once in a full run on a loaded machine, this build crashed (SIGSEGV) while starting, before any page: a
  // browser that does not start is started again; one that started and failed a test is not.
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch(options);
    } catch (error) {
      if (attempt >= LAUNCH_ATTEMPTS) throw error;
    }
  }
}

/** A screenshot of the page as it is now, for people to look at (test/artifacts is not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core run in the page: the serious and critical violations (none is the goal). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a script tag: the pages' CSP rightly refuses inline scripts.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  // A string, run in the page: this project's types know no DOM.
  const violations = (await page.evaluate('axe.run(document).then((result) => result.violations)')) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
