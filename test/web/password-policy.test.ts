/**
 * The password policy in Chromium: an operator whose password has expired is told so at
 * log-in and must choose a new one; reusing a recent password is refused on the field.
 */
import test from 'ava';
import { Client, makeOperator, TEST_PASSWORD } from '../helpers/server.js';
import { toDbTime } from '../../src/store/time.js';
import { openPage, screenshot, submitLogin, webSuite } from '../helpers/browser.js';


const web = webSuite({
  async setUp(ts) {
    const op = await makeOperator(ts.server, { username: 'web-stale', role: 'auditor' });
    // The default policy: passwords last 90 days.
    await ts.server.services.store.knex('operators').where({ id: op.id }).update({ password_changed_at: toDbTime(new Date(Date.now() - 120 * 86_400_000)) });
  },
});

if (web) {
  test.serial('an expired password: the log-in says so, a reused one is refused on the field, a new one lets the operator in', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await submitLogin(page, web.ts.url, 'web-stale');
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

      const api = new Client(web.ts.url);
      t.is((await api.login('web-stale', 'Brand-New-Pass-77')).status, 200);
      t.like((await api.get('/api/v1/auth/me')).body, { mustChangePassword: false, passwordExpired: false });
    } finally {
      await w.close();
    }
  });
}
