/**
 * Forms and the session in Chromium: a queue and an agent created through the screens are what
 * the API then returns; the server's validation message lands on the field; a wrong password,
 * a locked account and an expired session each say what happened.
 */
import test from 'ava';
import { Client, makeOperator, makeTenant, TEST_PASSWORD } from '../helpers/server.js';
import { operatorsRepo } from '../../src/auth/store/operators-repo.js';
import { animationsSettled, loginThroughPage, loginToScreen, openDialog, openPage, screenshot, submitLogin, webSuite } from '../helpers/browser.js';


const web = webSuite({
  async setUp(ts) {
    const bank = await makeTenant(ts.server, 'webbank', 'Web Bank');
    await makeOperator(ts.server, { username: 'web-admin', role: 'bank_admin', tenantId: bank.id });
    await makeOperator(ts.server, { username: 'web-locked', role: 'supervisor', tenantId: bank.id });
    await makeOperator(ts.server, { username: 'web-expiring', role: 'auditor', tenantId: bank.id });
    await makeOperator(ts.server, { username: 'web-platform', role: 'platform_admin' });
    const fresh = await makeOperator(ts.server, { username: 'web-fresh', role: 'supervisor', tenantId: bank.id });
    await operatorsRepo.update(ts.server.services.store.knex, fresh.id, { mustChangePassword: true });
  },
});

if (web) {
  test.serial('a queue and an agent created through the screens are what the API returns', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'web-admin', 'Queues');
      const queueDialog = await openDialog(t, page, 'New queue');
      await queueDialog.getByLabel('Queue ID').fill('retail');
      await queueDialog.getByLabel('Name').fill('Retail banking');
      await queueDialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('cell', { name: 'Retail banking' }).waitFor();

      await page.getByRole('link', { name: 'Agents' }).click();
      const dialog = await openDialog(t, page, 'New agent');
      await dialog.getByLabel('Agent ID').fill('a7');
      await dialog.getByLabel('Name', { exact: true }).fill('Wang Fang');
      await dialog.getByLabel('Extension').fill('8007');
      await dialog.getByLabel('Timeslot').fill('7');
      await dialog.getByLabel('Team').fill('retail-1');
      await dialog.getByLabel('City').fill('Guangzhou');
      await dialog.getByLabel('Queues').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Retail banking (retail)' }).click();
      await animationsSettled(page.locator('body'));
      await page.keyboard.press('Escape');
      await dialog.getByRole('button', { name: 'Add a skill' }).click();
      await dialog.getByLabel('Skill', { exact: true }).fill('cards');
      await dialog.getByLabel('Level').fill('8');
      await screenshot(page, 'agent-form');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('cell', { name: 'Wang Fang' }).waitFor();
      await screenshot(page, 'agents-after-create');

      const api = new Client(web.ts.url);
      await api.login('web-admin');
      const queue = await api.request('GET', '/api/v1/acd/queues/retail');
      t.is(queue.status, 200);
      t.is(queue.body.name, 'Retail banking');
      const agent = await api.request('GET', '/api/v1/acd/agents/a7');
      t.is(agent.status, 200);
      t.like(agent.body, { name: 'Wang Fang', extension: '8007', phone: { station: 0, timeslot: 7 }, team: 'retail-1', city: 'Guangzhou', skills: { cards: 8 } });
      t.deepEqual(agent.body.queues.map((q: { queueId: string }) => q.queueId), ['retail']);
    } finally {
      await w.close();
    }
  });

  test.serial('a platform administrator switches tenant and sees that tenant\'s queues', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'web-platform', 'Queues');
      await page.getByText('Nothing here yet').waitFor();
      await page.getByLabel('Tenant').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Web Bank (webbank)' }).click();
      await animationsSettled(page.locator('body'));
      await page.getByRole('cell', { name: 'Retail banking' }).waitFor();
      t.true(await page.getByTestId('whoami').getByText('Web Bank').isVisible());
      await screenshot(page, 'tenant-switched');
    } finally {
      await w.close();
    }
  });

  test.serial("the server's validation message is shown on the field", async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'web-admin', 'Operators');
      const dialog = await openDialog(t, page, 'New operator');
      await dialog.getByLabel('User name').fill('teller.li');
      await dialog.getByLabel('Name', { exact: true }).fill('Li');
      await dialog.getByLabel('First password').fill('short');
      await dialog.getByRole('button', { name: 'Save' }).click();
      // The password policy is the server's: its message appears under the password field.
      const fieldError = dialog.locator('#password_help, .ant-form-item-has-error .ant-form-item-explain');
      await fieldError.first().waitFor();
      t.regex((await fieldError.first().innerText()).toLowerCase(), /character|long|least/);
      await screenshot(page, 'operator-form-server-error');
    } finally {
      await w.close();
    }
  });

  test.serial('a wrong password, then a locked account, each say so', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await page.goto(`${web.ts.url}/`);
      for (let i = 0; i < 3; i++) {
        await page.locator('#username').fill('web-locked');
        await page.locator('#password').fill(`wrong-password-${i}`);
        await page.locator('button[type=submit]').click();
        await page.getByTestId('login-error').getByText('Wrong user name or password').waitFor();
      }
      await page.locator('#password').fill('whatever-it-is');
      await page.locator('button[type=submit]').click();
      await page.getByTestId('login-error').getByText(/account is locked/).waitFor();
      await screenshot(page, 'login-locked');
      t.pass();
    } finally {
      await w.close();
    }
  });

  test.serial('an account someone else made sets its own password before anything else', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await submitLogin(page, web.ts.url, 'web-fresh');
      await page.getByText('First log-in: choose your own password').waitFor();
      await screenshot(page, 'first-login-password');
      await page.getByLabel('Current password').fill(TEST_PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill('Mine-Not-Theirs-31');
      await page.getByLabel('Confirm the new password').fill('Mine-Not-Theirs-31');
      await page.getByRole('button', { name: 'Save the password' }).click();
      await page.locator('[data-testid=whoami]').waitFor();
      t.false((await operatorsRepo.get(web.ts.server.services.store.knex, (await new Client(web.ts.url).login('web-fresh', 'Mine-Not-Theirs-31')).body.operator.id))?.mustChangePassword);
    } finally {
      await w.close();
    }
  });

  test.serial('when the session ends, the next request brings the log-in page back with the reason', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginThroughPage(page, web.ts.url, 'web-expiring');
      // The server forgets every session (as at expiry).
      await web.ts.server.services.store.knex('sessions').delete();
      // The next request finds the session gone: the click's, or one the page makes by itself first
      // (the event stream re-checks its session at every heartbeat), which takes the link away.
      await page
        .getByRole('link', { name: 'Audit log' })
        .click({ timeout: 10_000 })
        .catch(() => undefined);
      await page.getByText('Your session has expired; please log in again').waitFor();
      await screenshot(page, 'session-expired');
      await loginThroughPage(page, web.ts.url, 'web-expiring');
      t.pass();
    } finally {
      await w.close();
    }
  });
}
