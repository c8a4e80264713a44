/**
 * The password policy in Chromium: an operator whose password has expired is told so at
 * log-in and must choose a new one; reusing a recent password is refused on the field.
 */
import test from 'ava';
import type { Browser } from 'playwright-core';
import { Client, makeOperator, TEST_PASSWORD, type TestServer } from '../helpers/server.js';
import { toDbTime } from '../../src/store/time.js';
import { browserSkipReason, launchBrowser, openPage, screenshot, startWebServer, submitLogin } from '../helpers/browser.js';

const skip = browserSkipReason();
let ts: TestServer;
let browser: Browser;

if (skip) {
  test('browser tests', (t) => t.log(`skipped: ${skip}`) as unknown as void);
} else {
  test.before(async () => {
    ts = await startWebServer();
    browser = await launchBrowser();
    const op = await makeOperator(ts.server, { username: 'web-stale', role: 'auditor' });
    // The default policy: passwords last 90 days.
    await ts.server.services.store.knex('operators').where({ id: op.id }).update({ password_changed_at: toDbTime(new Date(Date.now() - 120 * 86_400_000)) });
  });
  test.after.always(async () => {
    await browser?.close();
    await ts?.close();
  });

  test.serial('an expired password: the log-in says so, a reused one is refused on the field, a new one lets the operator in', async (t) => {
    const w = await openPage(browser, 'en');
    try {
      const page = w.page;
      await submitLogin(page, ts.url, 'web-stale');
      await page.getByTestId('password-expired').getByText('Your password has expired').waitFor();

      await page.getByLabel('Current password').fill(TEST_PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill(TEST_PASSWORD);
      await page.getByLabel('Confirm the new password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Save the password' }).click();
      await page.locator('#newPassword_help').getByText(/must differ from your last 5 passwords/).waitFor();
      await screenshot(page, 'password-expired-reuse-refused');

      await page.getByLabel('New password', { exact: true }).fill('Brand-New-Pass-77');
      await page.getByLabel('Confirm the new password').fill('Brand-New-Pass-77');
      await page.getByRole('button', { name: 'Save the password' }).click();
      await page.locator('[data-testid=whoami]').waitFor();
      t.deepEqual(await w.csp(), []);

      const api = new Client(ts.url);
      t.is((await api.login('web-stale', 'Brand-New-Pass-77')).status, 200);
      t.like((await api.get('/api/v1/auth/me')).body, { mustChangePassword: false, passwordExpired: false });
    } finally {
      await w.close();
    }
  });
}
