/**
 * The back office in Chromium: each built-in role sees exactly its screens (and a 403 page for
 * a typed-in URL it may not use); every screen renders in zh-CN and English with no missing
 * string, no serious or critical axe violation and no CSP violation.
 */
import test from 'ava';
import type { Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { ROLES, ROLE_PERMISSIONS, type Permission, type Role } from '../../src/auth/permissions.js';
import { makeOperator, type TestServer } from '../helpers/server.js';
import { browserSkipReason, launchBrowser, loginThroughPage, openPage, screenshot, startWebServer } from '../helpers/browser.js';

/** The screens of web/src/app/screens.tsx and the permission each needs (null: everyone). */
const SCREENS: Array<[path: string, permission: Permission | null]> = [
  ['/', null],
  ['/operators', 'operators:read'],
  ['/api-tokens', 'tokens:read'],
  ['/tenants', 'tenants:read'],
  ['/roles', 'roles:read'],
  ['/audit-log', 'audit:read'],
  ['/queues', 'acd:read'],
  ['/agents', 'acd:read'],
  ['/entry-points', 'acd:read'],
  ['/calendar', 'acd:read'],
  ['/ivr-settings', 'ivr:read'],
  ['/pin-locks', 'ivr:read'],
  ['/voice-prompts', 'prompts:read'],
  ['/fax-documents', 'fax:read'],
  ['/outbound-campaigns', 'outbound:read'],
  ['/do-not-call', 'outbound:read'],
  ['/dial-plan', 'dialplan:read'],
  ['/trunks', 'trunks:read'],
];
const screensOf = (role: Role) => SCREENS.filter(([, p]) => p === null || ROLE_PERMISSIONS[role].includes(p)).map(([path]) => path);

const skip = browserSkipReason();
let ts: TestServer;
let browser: Browser;

if (skip) {
  test('browser tests', (t) => t.log(`skipped: ${skip}`) as unknown as void);
} else {
  test.before(async () => {
    ts = await startWebServer();
    browser = await launchBrowser();
    for (const role of ROLES) await makeOperator(ts.server, { username: `web-${role}`, role });
  });
  test.after.always(async () => {
    await browser?.close();
    await ts?.close();
  });

  for (const role of ROLES) {
    test.serial(`${role} sees exactly its screens, and 403 for a typed-in URL it may not use`, async (t) => {
      const w = await openPage(browser, 'en');
      try {
        await loginThroughPage(w.page, ts.url, `web-${role}`);
        const links = (await w.page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).map((href) => new URL(href, ts.url).pathname);
        t.deepEqual([...links].sort(), screensOf(role).sort());
        const forbidden = SCREENS.find(([path]) => !screensOf(role).includes(path));
        if (forbidden) {
          await w.page.goto(`${ts.url}${forbidden[0]}`);
          await w.page.getByText('Not allowed').waitFor();
          t.pass();
        }
        await screenshot(w.page, `role-${role}`);
      } finally {
        await w.close();
      }
    });
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    test.serial(`every screen in ${lang}: no missing string, no serious axe violation, no CSP violation`, async (t) => {
      const w = await openPage(browser, lang);
      try {
        await w.page.goto(`${ts.url}/`);
        await w.page.locator('#username').waitFor();
        const loginAxe = await new AxeBuilder({ page: w.page }).analyze();
        t.deepEqual(loginAxe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `login: ${v.id} ${v.nodes[0]?.target}`), []);
        await screenshot(w.page, `${lang}-login`);
        await loginThroughPage(w.page, ts.url, 'web-platform_admin');
        for (const [path] of SCREENS) {
          await w.page.goto(`${ts.url}${path}`);
          await w.page.locator('main section h2').waitFor();
          // Wait for the page's data: no skeleton, no spinning table.
          await w.page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.ant-skeleton, .ant-spin-spinning'));
          // Colours are measured once they settle: a button still fading in (a transition) is not what a person reads.
          await w.page.waitForFunction(() =>
            (globalThis as unknown as { document: { getAnimations(): Array<{ playState: string; effect: { getTiming(): { iterations: number } } | null }> } }).document
              .getAnimations()
              .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
          );
          const name = path === '/' ? 'home' : path.slice(1);
          await screenshot(w.page, `${lang}-${name}`);
          const axe = await new AxeBuilder({ page: w.page }).analyze();
          const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          t.deepEqual(bad.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), [], `${lang} ${path}`);
        }
        t.deepEqual(await w.missingKeys(), [], 'every key is in the catalog');
        t.deepEqual(await w.csp(), [], 'no CSP violation');
      } finally {
        await w.close();
      }
    });
  }
}
