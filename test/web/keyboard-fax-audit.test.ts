/**
 * In Chromium: the back office by keyboard alone (Tab through the log-in, the shell and a form,
 * Enter submits, Esc closes a dialog, the focused control always shows it); a fax-on-demand
 * document uploaded on its screen with its pages previewed; the audit log's before/after diff.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { Client, makeOperator, TEST_PASSWORD } from '../helpers/server.js';
import { makePdf } from '../fax-documents/helpers/make-pdf.js';
import { animationsSettled, checkDialog, loginToScreen, openDialog, openPage, screenshot, webSuite } from '../helpers/browser.js';

let api: Client;

interface Focused {
  tag: string;
  id: string;
  text: string;
  visible: boolean;
}

/** The focused element and whether it shows its focus (an outline or a focus ring shadow). In-page code as text: the server's type check has no DOM library. */
async function focused(page: Page): Promise<Focused> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', id: '', text: '', visible: false };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const ring = cs.boxShadow !== 'none';
    return { tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40), visible: outline || ring };
  })()`)) as Focused;
}

/** Presses Tab until `want` holds for the focused element (at most `limit` times); every stop on the way must show its focus. */
async function tabTo(page: Page, want: (f: Focused) => boolean, limit = 40): Promise<Focused[]> {
  const path: Focused[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    path.push(f);
    if (want(f)) return path;
  }
  throw new Error(`not reached by Tab; stops: ${path.map((f) => `${f.tag}#${f.id} "${f.text}"`).join(' → ')}`);
}

const web = webSuite({
  async setUp(ts) {
    const { DEFAULT_BANK_TENANT_ID } = await import('../../src/tenants/default-bank.js');
    await makeOperator(ts.server, { username: 'kb-admin', role: 'bank_admin', tenantId: DEFAULT_BANK_TENANT_ID });
    api = new Client(ts.url);
    await api.login('kb-admin');
  },
});

if (web) {
  test.serial('keyboard only: log in, reach a screen, open and close a dialog, fill a form and save with Enter', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await page.goto(`${web.ts.url}/`);
      await page.locator('#username').waitFor();
      t.is((await focused(page)).id, 'username', 'the log-in starts in the user name');
      await page.keyboard.press('Enter');
      await page.locator('#username_help').getByText('Enter your user name').waitFor();
      await page.locator('#password_help').getByText('Enter your password').waitFor();
      await screenshot(page, 'login-required-fields');
      await page.keyboard.type('kb-admin');
      await page.keyboard.press('Tab');
      t.is((await focused(page)).id, 'password');
      await page.keyboard.type(TEST_PASSWORD);
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=whoami]').waitFor();

      const toQueues = await tabTo(page, (f) => f.tag === 'a' && f.text === 'Queues');
      t.deepEqual(toQueues.filter((f) => !f.visible).map((f) => `${f.tag} "${f.text}"`), [], 'every stop in the shell shows its focus');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/queues$/);

      const toCreate = await tabTo(page, (f) => f.tag === 'button' && f.text === 'New queue');
      t.deepEqual(toCreate.filter((f) => !f.visible).map((f) => `${f.tag} "${f.text}"`), []);
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Queue ID').waitFor();
      await animationsSettled(page.locator('body'));
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      t.is((await focused(page)).text, 'New queue', 'closing the dialog gives the focus back to its button');

      await page.keyboard.press('Enter');
      await dialog.getByLabel('Queue ID').waitFor();
      // The dialog gives its first field the focus (again when its opening animation has ended).
      await animationsSettled(page.locator('body'));
      await page
        .waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'id', undefined, { timeout: 10_000 })
        .catch(() => undefined);
      const first = await focused(page);
      t.is(first.id, 'id', 'the dialog opens in its first field');
      t.true(first.visible, 'the first field shows its focus');
      await checkDialog(t, page, dialog);
      await page.keyboard.type('kbq');
      await page.keyboard.press('Tab');
      t.is((await focused(page)).id, 'name');
      await page.keyboard.type('Keyboard queue');
      await screenshot(page, 'keyboard-form');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: 'Keyboard queue' }).waitFor();
      const saved = await api.get('/api/v1/acd/queues/kbq');
      t.is(saved.status, 200);
      t.is(saved.body.name, 'Keyboard queue');
    } finally {
      await w.close();
    }
  });

  test.serial('a fax-on-demand document uploaded on its screen shows its pages as they will be faxed', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'kb-admin', 'Fax-on-demand documents');
      const dialog = await openDialog(t, page, 'Upload a document');
      await dialog.getByLabel('Code').fill('rates');
      await dialog.getByLabel('Title').fill('Deposit rates');
      await dialog.locator('input[type=file]').setInputFiles({ name: 'deposit-rates.pdf', mimeType: 'application/pdf', buffer: makePdf({ pages: 2 }) });
      await dialog.getByRole('button', { name: 'Save' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Deposit rates' }) });
      await row.waitFor();
      t.is(await row.getByRole('cell', { name: '2', exact: true }).count(), 1, 'two pages');

      // The page images the preview shows are the server's PNG renderings of the fax pages.
      const pngOf = (n: number) => page.waitForResponse((r) => r.url().includes(`/png?page=${n}`));
      const firstPng = pngOf(1);
      await row.getByRole('button', { name: 'Preview' }).click();
      const preview = page.getByRole('dialog');
      const one = await firstPng;
      t.is(one.status(), 200);
      t.is(one.headers()['content-type'], 'image/png');
      const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)] as const;
      const [width, height] = size(await one.body());
      t.true(width >= 1700 && height > width, `a portrait fax page, ${width}×${height}`);
      await preview.getByRole('img', { name: 'Deposit rates 1' }).waitFor();
      await screenshot(page, 'fax-document-preview');
      const secondPng = pngOf(2);
      await preview.getByLabel('Page').fill('2');
      t.is((await secondPng).status(), 200);
      await preview.getByRole('img', { name: 'Deposit rates 2' }).waitFor();
      t.deepEqual(await w.csp(), [], 'the page images load under the CSP');

      const docs = await api.get('/api/v1/fax-documents');
      t.like(docs.body.items[0], { code: 'rates', title: 'Deposit rates', pages: 2, originalName: 'deposit-rates.pdf' });
    } finally {
      await w.close();
    }
  });

  test.serial("the audit log shows a change's before and after as a diff", async (t) => {
    t.is((await api.post('/api/v1/acd/queues', { id: 'audited', name: 'Retail', ringTimeoutS: 20 })).status, 201);
    t.is((await api.request('PUT', '/api/v1/acd/queues/audited', { name: 'Retail banking', ringTimeoutS: 25 })).status, 200);
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'kb-admin', 'Audit log');
      await page.getByRole('searchbox', { name: 'Action' }).fill('acdQueues.update');
      await page.getByRole('searchbox', { name: 'Action' }).press('Enter');
      const row = page.getByRole('row').filter({ hasText: 'acdQueues.update' });
      await row.first().waitFor();
      t.is(await row.count(), 1);
      await row.getByRole('button', { name: /expand/i }).click();
      const diff = page.locator('.ant-table-expanded-row');
      const nameRow = diff.getByRole('row').filter({ has: page.getByRole('cell', { name: 'name', exact: true }) });
      await nameRow.waitFor();
      t.is(await nameRow.locator('del').innerText(), '"Retail"');
      t.is(await nameRow.locator('ins').innerText(), '"Retail banking"');
      const timeoutRow = diff.getByRole('row').filter({ has: page.getByRole('cell', { name: 'ringTimeoutS', exact: true }) });
      t.is(await timeoutRow.locator('del').innerText(), '20');
      t.is(await timeoutRow.locator('ins').innerText(), '25');
      t.is(await diff.getByRole('cell', { name: 'id', exact: true }).count(), 0, 'fields that did not change are not listed');
      await screenshot(page, 'audit-diff');
    } finally {
      await w.close();
    }
  });
}
