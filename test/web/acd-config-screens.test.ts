/**
 * The ACD configuration screens in Chromium: the lists search on the server; an entry point's
 * routing rules are edited on the screen, the server's refusals land on the rule's fields, and
 * what is saved is what the API returns.
 */
import test from 'ava';
import { Client, makeOperator } from '../helpers/server.js';
import { animationsSettled, checkDialog, loginToScreen, openDialog, openPage, screenshot, webSuite } from '../helpers/browser.js';

let api: Client;

const web = webSuite({
  async setUp(ts) {
    const { DEFAULT_BANK_TENANT_ID } = await import('../../src/tenants/default-bank.js');
    await makeOperator(ts.server, { username: 'acd-admin', role: 'bank_admin', tenantId: DEFAULT_BANK_TENANT_ID });
    api = new Client(ts.url);
    await api.login('acd-admin');
    for (const [id, name] of [['general', 'General'], ['vip', 'VIP desk'], ['loans', 'Loans']]) {
      if ((await api.post('/api/v1/acd/queues', { id, name })).status !== 201) throw new Error(`queue ${id} not created`);
    }
  },
});

if (web) {
  test.serial('the queue list searches on the server', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'acd-admin', 'Queues');
      await page.getByRole('cell', { name: 'Loans', exact: true }).waitFor();
      const asked = page.waitForRequest((r) => r.url().includes('/api/v1/acd/queues?') && r.url().includes('search=desk'));
      await page.getByRole('searchbox', { name: 'Search' }).fill('desk');
      await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
      await asked;
      await page.getByRole('cell', { name: 'Loans', exact: true }).waitFor({ state: 'detached' });
      t.true(await page.getByRole('cell', { name: 'VIP desk' }).isVisible());
      t.deepEqual(await w.csp(), []);
    } finally {
      await w.close();
    }
  });

  test.serial("an entry point's routing rules are edited on the screen, with the server's messages on the fields", async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'acd-admin', 'Entry points');
      const dialog = await openDialog(t, page, 'New entry point');
      await dialog.getByLabel('Entry point ID').fill('service');
      await dialog.getByLabel('Default queue').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'General (general)' }).click();
      await animationsSettled(page.locator('body'));
      await dialog.getByRole('button', { name: 'Add a rule' }).click();
      await dialog.getByLabel('Rule ID').fill('vip-callers');
      // The default queue's dropdown, which lists the same queues, must be gone first.
      await animationsSettled(page.locator('body'));
      await dialog.getByLabel('Queue', { exact: true }).click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'VIP desk (vip)' }).click();
      await dialog.getByLabel('Caller priority').fill('150');
      await dialog.getByLabel('Calling numbers').fill('13800000001');
      await dialog.getByLabel('Calling numbers').press('Enter');
      await dialog.getByRole('button', { name: 'Add a time window' }).click();
      await dialog.getByLabel('From').fill('25:00');
      await dialog.getByLabel('To').fill('18:00');
      await dialog.getByRole('button', { name: 'Save' }).click();

      // Both refusals come from the server (the form checks neither) and sit under their fields.
      await dialog.locator('#rules_0_priority_help').waitFor();
      t.regex(await dialog.locator('#rules_0_priority_help').innerText(), /100/);
      t.regex(await dialog.locator('#rules_0_timeOfDay_0_from_help').innerText(), /HH:MM/);
      await screenshot(page, 'entry-point-rule-server-errors');
      await checkDialog(t, page, dialog);
      t.is((await api.get('/api/v1/acd/entry-points')).body.items.length, 0, 'nothing was saved');

      await dialog.getByLabel('Caller priority').fill('10');
      await dialog.getByLabel('From').fill('08:00');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: 'service' }).waitFor();

      const saved = await api.get('/api/v1/acd/entry-points');
      t.deepEqual(saved.body.items, [
        {
          id: 'service',
          defaultQueueId: 'general',
          rules: [{ id: 'vip-callers', queueId: 'vip', enabled: true, days: 'any', priority: 10, callingNumber: { exact: ['13800000001'], prefix: [] }, timeOfDay: [{ from: '08:00', to: '18:00' }] }],
        },
      ]);

      // Opened again (after a create, in the same page), the form shows the rule as saved.
      await openDialog(t, page, page.getByRole('row', { name: /service/ }).getByRole('button', { name: 'Edit' }));
      await dialog.getByLabel('Rule ID').waitFor();
      t.is(await dialog.getByLabel('Rule ID').inputValue(), 'vip-callers');
      t.is(await dialog.getByLabel('Entry point ID').inputValue(), 'service');
      t.is(await dialog.getByLabel('From').inputValue(), '08:00');
      await screenshot(page, 'entry-point-rule-editor');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      t.deepEqual(await w.csp(), []);
    } finally {
      await w.close();
    }
  });
}
