/**
 * Browser tests: Debian's Chromium driven headless by playwright-core (never a downloaded
 * browser), a server with the application modules on a free port serving web/dist (`webSuite`
 * sets both up for a test file), and helpers to log in through the page, to collect what the
 * browser reports (CSP violations, missing i18n keys) and to check a screen or a dialog with axe.
 * Screenshots go to test/web/screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { AppServices } from '../../src/services.js';
import { faxModule } from '../../src/fax/module.js';
import { acdModule } from '../../src/acd/module.js';
import { ivrModule } from '../../src/ivr/module.js';
import { outboundModule } from '../../src/outbound/module.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../web/screenshots/', import.meta.url));

/** Why browser tests cannot run here, or null. */
export function browserSkipReason(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} missing (apt-get install chromium; scripts/bootstrap.sh does it)`;
  if (!existsSync(join(WEB_DIST, 'index.html'))) return 'web/dist not built (scripts/bootstrap.sh builds it)';
  return null;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function startWebServer(): Promise<TestServer> {
  const modules: Array<(s: AppServices) => Promise<void> | void> = [faxModule(), acdModule(), ivrModule(), outboundModule()];
  return startTestServer({ modules, config: { server: { webDir: WEB_DIST } } });
}

/** A browser test file's server and Chromium, both up once the file's `before` hooks have run. */
export interface WebSuite {
  readonly ts: TestServer;
  readonly browser: Browser;
}

/**
 * The set-up every browser test file on the web server shares. Where browsers cannot run, it
 * registers one test that says why and returns null; otherwise it starts the server (the
 * application modules, serving web/dist) and Chromium before the file's tests, then runs
 * `setUp` (operators, queues…), and closes both after them, then runs `tearDown`.
 */
export function webSuite(hooks: { setUp?: (ts: TestServer) => Promise<void>; tearDown?: () => void | Promise<void> } = {}): WebSuite | null {
  const skip = browserSkipReason();
  if (skip) {
    test('browser tests', (t) => t.log(`skipped: ${skip}`) as unknown as void);
    return null;
  }
  let ts: TestServer | undefined;
  let browser: Browser | undefined;
  test.before(async () => {
    ts = await startWebServer();
    browser = await launchBrowser();
    await hooks.setUp?.(ts);
  });
  test.after.always(async () => {
    await browser?.close();
    await ts?.close();
    await hooks.tearDown?.();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the browser suite's ${what} is not started (used outside a test?)`);
    return value;
  };
  return {
    get ts() {
      return started(ts, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** CSP violations the page reported. */
  csp(): Promise<string[]>;
  /** i18n keys the page asked for that a catalog lacks. */
  missingKeys(): Promise<string[]>;
  close(): Promise<void>;
}

/** A fresh browser context (its own cookies and storage) at 1366×768, in a language. */
export async function openPage(browser: Browser, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: lang });
  // In-page code is given as text: the server's type check has no DOM library.
  await context.addInitScript({
    content: `window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
      if (!localStorage.getItem('tellerline.lang')) localStorage.setItem('tellerline.lang', ${JSON.stringify(lang)});`,
  });
  const page = await context.newPage();
  const consoleCsp: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) consoleCsp.push(m.text());
  });
  return {
    page,
    context,
    csp: async () => [...consoleCsp, ...((await page.evaluate('window.__csp ?? []')) as string[])],
    missingKeys: async () => (await page.evaluate('window.__missingI18nKeys ?? []')) as string[],
    close: () => context.close(),
  };
}

/** Fills in the log-in page and submits it; what comes next (the shell, a refusal, a password change) is the caller's to wait for. */
export async function submitLogin(page: Page, baseUrl: string, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
}

export async function loginThroughPage(page: Page, baseUrl: string, username: string, password = TEST_PASSWORD): Promise<void> {
  await submitLogin(page, baseUrl, username, password);
  await page.locator('[data-testid=whoami]').waitFor();
}

/** Logs in and opens a screen through its link in the navigation (its name as the menu shows it). */
export async function loginToScreen(page: Page, baseUrl: string, username: string, screen: string, password = TEST_PASSWORD): Promise<void> {
  await loginThroughPage(page, baseUrl, username, password);
  await page.getByRole('link', { name: screen }).click();
  await page.locator('main section h2').waitFor();
}

/**
 * Opens a dialog — by clicking `opener`, a button or the name of one on the page — waits until it
 * has finished opening and checks it with axe (no serious or critical violation): every
 * create/edit dialog a test opens is checked this way. Returns the dialog.
 */
export async function openDialog(t: ExecutionContext, page: Page, opener: Locator | string): Promise<Locator> {
  await (typeof opener === 'string' ? page.getByRole('button', { name: opener }) : opener).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await checkDialog(t, page, dialog);
  return dialog;
}

/** axe on the open dialog once its opening animation has ended: no serious or critical violation. */
export async function checkDialog(t: ExecutionContext, page: Page, dialog: Locator = page.getByRole('dialog')): Promise<void> {
  await finiteAnimationsDone(page);
  const title = (await dialog.locator('.ant-modal-title').innerText().catch(() => '')).trim() || 'dialog';
  t.deepEqual((await seriousAxeViolations(page, '.ant-modal-wrap')).map((v) => `${title}: ${v}`), [], `axe on the "${title}" dialog`);
}

/**
 * A screen once its data is in and its colours have settled: screenshot `name`, then axe on the
 * whole page (no serious or critical violation; each reported as `label: rule targets`).
 */
export async function checkScreen(t: ExecutionContext, page: Page, name: string, label = name): Promise<void> {
  await dataLoaded(page);
  await finiteAnimationsDone(page);
  await screenshot(page, name);
  t.deepEqual((await seriousAxeViolations(page)).map((v) => `${label}: ${v}`), [], label);
}

/** axe's serious and critical violations on the page (or under the selector `include`), each as "rule targets". */
export async function seriousAxeViolations(page: Page, include?: string): Promise<string[]> {
  const axe = new AxeBuilder({ page });
  const result = await (include ? axe.include(include) : axe).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Waits for the page's data: no skeleton, no spinning table. */
export async function dataLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.ant-skeleton, .ant-spin-spinning'));
}

/**
 * Waits until every animation that ends has ended: colours are measured once they settle (a
 * button still fading in is not what a person reads); a spinner or a caret's endless animation
 * never ends, so it is not waited for.
 */
export async function finiteAnimationsDone(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): Array<{ playState: string; effect: { getTiming(): { iterations: number } } | null }> } }).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/**
 * Waits until the component kit's open and close animations under `root` (a dialog, or the page)
 * have finished: a dialog takes the focus when its opening animation ends, and a closing
 * dropdown stays in the page until its animation ends — on a loaded machine either can land in
 * the middle of a test's keystrokes or clicks.
 */
export async function animationsSettled(root: Locator): Promise<void> {
  type Animated = { getAnimations(options: { subtree: boolean }): Array<{ finished: Promise<unknown> }> };
  await root.evaluate((el) => Promise.all((el as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))));
}
