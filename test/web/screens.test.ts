/**
 * The back office in Chromium: each built-in role sees exactly its screens (and a 403 page for
 * a typed-in URL it may not use); every screen renders in zh-CN and English with no missing
 * string, no serious or critical axe violation and no CSP violation.
 */
import test from 'ava';
import { ROLES, ROLE_PERMISSIONS, type Permission, type Role } from '../../src/auth/permissions.js';
import { makeOperator } from '../helpers/server.js';
import { checkScreen, loginThroughPage, openPage, screenshot, seriousAxeViolations, webSuite } from '../helpers/browser.js';

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


const web = webSuite({
  async setUp(ts) {
    for (const role of ROLES) await makeOperator(ts.server, { username: `web-${role}`, role });
  },
});

if (web) {
  for (const role of ROLES) {
    test.serial(`${role} sees exactly its screens, and 403 for a typed-in URL it may not use`, async (t) => {
      const w = await openPage(web.browser, 'en');
      try {
        await loginThroughPage(w.page, web.ts.url, `web-${role}`);
        const links = (await w.page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).map((href) => new URL(href, web.ts.url).pathname);
        t.deepEqual([...links].sort(), screensOf(role).sort());
        const forbidden = SCREENS.find(([path]) => !screensOf(role).includes(path));
        if (forbidden) {
          await w.page.goto(`${web.ts.url}${forbidden[0]}`);
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
      const w = await openPage(web.browser, lang);
      try {
        await w.page.goto(`${web.ts.url}/`);
        await w.page.locator('#username').waitFor();
        t.deepEqual((await seriousAxeViolations(w.page)).map((v) => `login: ${v}`), []);
        await screenshot(w.page, `${lang}-login`);
        await loginThroughPage(w.page, web.ts.url, 'web-platform_admin');
        for (const [path] of SCREENS) {
          await w.page.goto(`${web.ts.url}${path}`);
          await w.page.locator('main section h2').waitFor();
          const name = path === '/' ? 'home' : path.slice(1);
          await checkScreen(t, w.page, `${lang}-${name}`, `${lang} ${path}`);
        }
        t.deepEqual(await w.missingKeys(), [], 'every key is in the catalog');
        t.deepEqual(await w.csp(), [], 'no CSP violation');
      } finally {
        await w.close();
      }
    });
  }
}
