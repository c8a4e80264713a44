/**
 * The languages in Chromium: the first page loads the active language's chunk only (our
 * catalog, the kit's locale); the other is fetched when the operator switches to it, and every
 * string — ours and the kit's — is then in that language.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { makeOperator } from '../helpers/server.js';
import { loginThroughPage, openPage, screenshot, webSuite } from '../helpers/browser.js';


/** The language chunks (named after the catalogs, web/src/locales/*.json) the page has fetched so far. */
function languageChunks(page: Page): () => string[] {
  const seen: string[] = [];
  page.on('response', (r) => {
    const chunk = /\/assets\/(zh-CN|en)-[\w-]+\.js$/.exec(new URL(r.url()).pathname);
    if (chunk) seen.push(chunk[1]!);
  });
  return () => [...new Set(seen)].sort();
}

const web = webSuite({
  async setUp(ts) {
    await makeOperator(ts.server, { username: 'lang-admin', role: 'platform_admin' });
  },
});

if (web) {
  for (const [lang, other, otherButton, otherSubmit, pageSizeText] of [
    ['en', 'zh-CN', '简体中文', '登录', '条/页'],
    ['zh-CN', 'en', 'English', 'Log in', '/ page'],
  ] as const) {
    test.serial(`in ${lang}, the first page loads ${lang} only; ${other} is fetched when chosen`, async (t) => {
      const w = await openPage(web.browser, lang);
      try {
        const page = w.page;
        const chunks = languageChunks(page);
        await page.goto(`${web.ts.url}/`);
        await page.locator('#username').waitFor();
        t.deepEqual(chunks(), [lang], 'only the active language');
        t.is(await page.locator('html').getAttribute('lang'), lang);

        const fetched = page.waitForResponse((r) => new RegExp(`/assets/${other}-[\\w-]+\\.js$`).test(r.url()));
        await page.getByRole('button', { name: otherButton }).click();
        await fetched;
        await page.getByRole('button', { name: otherSubmit }).waitFor();
        t.deepEqual(chunks(), [lang, other].sort());
        t.is(await page.locator('html').getAttribute('lang'), other);

        // Past the log-in, the kit's own strings (the table's page size) are in the chosen language too.
        await loginThroughPage(page, web.ts.url, 'lang-admin');
        await page.goto(`${web.ts.url}/operators`);
        await page.locator('.ant-pagination-options').getByText(pageSizeText).waitFor();
        await screenshot(page, `language-switched-to-${other}`);
        t.deepEqual(await w.missingKeys(), [], 'no key missing before, during or after the switch');
        t.deepEqual(await w.csp(), []);
      } finally {
        await w.close();
      }
    });
  }
}
