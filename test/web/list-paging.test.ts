/**
 * A server-paged list in Chromium: a search, a filter or a new order asked from page 3 starts
 * again at page 1 (it used to keep the page, so a search from page 3 showed an empty page).
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { Page, Request } from 'playwright-core';
import { makeOperator, makeTenant, TEST_PASSWORD } from '../helpers/server.js';
import { operatorsRepo } from '../../src/auth/store/operators-repo.js';
import { animationsSettled, loginToScreen, openPage, screenshot, webSuite } from '../helpers/browser.js';


/** The operators list request the page makes next that matches `want`. */
function nextListRequest(page: Page, want: (params: URLSearchParams) => boolean): Promise<Request> {
  return page.waitForRequest((r) => {
    const url = new URL(r.url());
    return url.pathname === '/api/v1/operators' && want(url.searchParams);
  });
}

/** Pages forward to page 3 (the table knows only that there is a next page, not how many). */
async function goToPage3(page: Page): Promise<void> {
  for (const offset of ['20', '40']) {
    const asked = nextListRequest(page, (p) => p.get('offset') === offset);
    await page.locator('.ant-pagination-next').click();
    await asked;
  }
  // Sorted by user name: page 3 holds teller-37 … teller-50.
  // (User name and name are the same here: two cells per operator.)
  await page.getByRole('cell', { name: 'teller-50', exact: true }).first().waitFor();
}

const web = webSuite({
  async setUp(ts) {
    const bank = await makeTenant(ts.server, 'pagingbank', 'Paging Bank');
    await makeOperator(ts.server, { username: 'paging-admin', role: 'bank_admin', tenantId: bank.id });
    // Enough operators for three pages of 20 (one password hash for all: hashing is slow on purpose).
    const passwordHash = await ts.server.services.auth.hashPassword(TEST_PASSWORD);
    const knex = ts.server.services.store.knex;
    const add = (username: string, role: 'agent' | 'auditor') => operatorsRepo.insert(knex, { id: randomUUID(), tenantId: bank.id, username, displayName: username, role, agentId: null, passwordHash });
    for (let i = 1; i <= 50; i++) await add(`teller-${String(i).padStart(2, '0')}`, 'agent');
    for (let i = 1; i <= 3; i++) await add(`auditor-${i}`, 'auditor');
  },
});

if (web) {
  test.serial('a search, a filter or a new order asked from page 3 shows page 1 of the new list', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'paging-admin', 'Operators');
      await page.getByRole('cell', { name: 'auditor-1', exact: true }).first().waitFor();
      const activePage = () => page.locator('.ant-pagination-item-active').innerText();

      // A search from page 3: three operators match, on page 1.
      await goToPage3(page);
      const searched = nextListRequest(page, (p) => p.get('search') === 'auditor');
      await page.getByRole('searchbox', { name: 'Search' }).fill('auditor');
      await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
      t.is(new URL((await searched).url()).searchParams.get('offset'), '0', 'the search asks for the first page');
      await page.getByRole('cell', { name: 'auditor-3', exact: true }).first().waitFor();
      t.is(await page.locator('.ant-table-tbody tr.ant-table-row').count(), 3);
      t.is(await activePage(), '1');
      await screenshot(page, 'operators-search-from-page-3');

      // The whole list again (a fresh screen), page 3; then a role filter: page 1 again.
      await page.reload();
      await page.getByRole('cell', { name: 'teller-01', exact: true }).first().waitFor();
      await goToPage3(page);
      const filtered = nextListRequest(page, (p) => p.get('role') === 'auditor');
      await page.getByLabel('Role').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Auditor' }).click();
      await animationsSettled(page.locator('body'));
      t.is(new URL((await filtered).url()).searchParams.get('offset'), '0', 'the filter asks for the first page');
      await page.getByRole('cell', { name: 'auditor-2', exact: true }).first().waitFor();
      t.is(await activePage(), '1');

      // The whole list again (a fresh screen), page 3; then a new order: page 1 again.
      await page.reload();
      await page.getByRole('cell', { name: 'teller-01', exact: true }).first().waitFor();
      await goToPage3(page);
      const sorted = nextListRequest(page, (p) => p.get('sort') === 'displayName');
      await page.locator('th', { hasText: /^Name$/ }).click();
      t.is(new URL((await sorted).url()).searchParams.get('offset'), '0', 'the new order asks for the first page');
      await page.getByRole('cell', { name: 'auditor-1', exact: true }).first().waitFor();
      t.is(await activePage(), '1');
      t.deepEqual(await w.csp(), []);
    } finally {
      await w.close();
    }
  });
}
