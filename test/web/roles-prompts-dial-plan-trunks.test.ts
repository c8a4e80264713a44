/**
 * The roles, voice-prompt, dial-plan and trunk screens in Chromium: a custom role made through the roles screen,
 * given to an operator through the operators screen, shows that operator exactly the role's
 * screens; a recording uploaded through the voice-prompts screen is what the API then serves,
 * and a file that is not audio shows the server's message; a dial-plan entry and a trunk's name
 * and outbound switch changed on their screens are what the API returns.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, makeOperator, makeTenant } from '../helpers/server.js';
import { animationsSettled, loginThroughPage, loginToScreen, openDialog, openPage, screenshot, webSuite } from '../helpers/browser.js';

let scratch: string;

const web = webSuite({
  async setUp(ts) {
    scratch = mkdtempSync(join(tmpdir(), 'tellerline-web-screens-'));
    const bank = await makeTenant(ts.server, 'rolebank', 'Role Bank');
    await makeOperator(ts.server, { username: 'roles-admin', role: 'bank_admin', tenantId: bank.id });
    await makeOperator(ts.server, { username: 'prompts-root', role: 'platform_admin' });
  },
  tearDown() {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  },
});

if (web) {
  test.serial('a custom role made on the roles screen and given on the operators screen shows exactly its screens', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'roles-admin', 'Roles');
      // Built-in roles are listed, viewable, and offer no delete.
      const builtInRow = page.getByRole('row').filter({ hasText: 'supervisor' });
      await builtInRow.getByRole('button', { name: 'View' }).waitFor();
      t.is(await builtInRow.getByRole('button', { name: 'Delete' }).count(), 0);

      const dialog = await openDialog(t, page, 'New role');
      await dialog.getByLabel('Role key').fill('fax_clerk');
      await dialog.getByLabel('Name', { exact: true }).fill('Fax clerk');
      await dialog.getByLabel('View faxes').check();
      await dialog.getByLabel('View IVR settings').check();
      await screenshot(page, 'role-form');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('cell', { name: 'Fax clerk' }).waitFor();
      await screenshot(page, 'roles-after-create');
      // Editing opens with what was saved.
      await openDialog(t, page, page.getByRole('row').filter({ hasText: 'fax_clerk' }).getByRole('button', { name: 'Edit' }));
      t.is(await dialog.getByLabel('Name', { exact: true }).inputValue(), 'Fax clerk');
      t.true(await dialog.getByLabel('View faxes').isChecked());
      t.false(await dialog.getByLabel('Manage IVR settings').isChecked());
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await page.getByRole('link', { name: 'Operators' }).click();
      const opDialog = await openDialog(t, page, 'New operator');
      await opDialog.getByLabel('User name').fill('clerk.zhao');
      await opDialog.getByLabel('Name', { exact: true }).fill('Zhao Min');
      await opDialog.getByLabel('Role').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Fax clerk' }).click();
      await animationsSettled(page.locator('body'));
      await opDialog.getByLabel('First password').fill('Clerk-First-Pass-42');
      await opDialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('cell', { name: 'Zhao Min' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'Zhao Min' }).getByText('Fax clerk').waitFor();

      const api = new Client(web.ts.url);
      await api.login('roles-admin');
      const role = await api.request('GET', '/api/v1/roles/fax_clerk');
      t.is(role.status, 200);
      t.deepEqual([...role.body.permissions].sort(), ['fax:read', 'ivr:read']);
      const ops = await api.request('GET', '/api/v1/operators?search=clerk.zhao');
      t.is(ops.body.items[0]?.role, 'fax_clerk');
    } finally {
      await w.close();
    }

    // The new operator sees the role's screens and no others.
    const c = await openPage(web.browser, 'en');
    try {
      const page = c.page;
      await loginThroughPage(page, web.ts.url, 'clerk.zhao', 'Clerk-First-Pass-42');
      const links = (await page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).map((href) => new URL(href, web.ts.url).pathname);
      t.deepEqual([...links].sort(), ['/', '/fax-documents', '/ivr-settings', '/pin-locks']);
      await page.goto(`${web.ts.url}/roles`);
      await page.getByText('Not allowed').waitFor();
      await screenshot(page, 'custom-role-operator');
      t.deepEqual(await c.missingKeys(), []);
    } finally {
      await c.close();
    }
  });

  test.serial('a recording uploaded on the voice-prompts screen is what the API serves; a file that is not audio says so', async (t) => {
    const notAudio = join(scratch, 'minutes-of-meeting.txt');
    writeFileSync(notAudio, 'Minutes of the branch meeting, not a recording.\n');
    const wav = join(scratch, 'welcome-recorded.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', wav, 'synth', '1.5', 'sine', '523', 'vol', '0.4']);
    const api = new Client(web.ts.url);
    await api.login('prompts-root');
    const before = await api.request('GET', '/api/v1/voice-prompts/welcome?lang=zh');
    t.is(before.status, 200);
    t.not(before.body.source, 'uploaded');

    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginThroughPage(page, web.ts.url, 'prompts-root');
      await page.getByRole('link', { name: 'Voice prompts' }).click();
      await page.getByLabel('Prompt language').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Chinese' }).click();
      await animationsSettled(page.locator('body'));
      await page.getByPlaceholder('Search').fill('welcome');
      await page.getByPlaceholder('Search').press('Enter');
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'welcome', exact: true }) });
      const dialog = await openDialog(t, page, row.getByRole('button', { name: 'Upload recording' }));

      await dialog.locator('input[type=file]').setInputFiles(notAudio);
      await dialog.getByRole('button', { name: 'Upload recording' }).click();
      await dialog.getByTestId('upload-error').getByText(/not a recording/).waitFor();
      await screenshot(page, 'voice-prompt-not-audio');
      t.not((await api.request('GET', '/api/v1/voice-prompts/welcome?lang=zh')).body.source, 'uploaded', 'a rejected file changes nothing');

      await dialog.locator('input[type=file]').setInputFiles(wav);
      await dialog.getByRole('button', { name: 'Upload recording' }).click();
      await row.getByText('Uploaded recording').waitFor();
      await screenshot(page, 'voice-prompt-uploaded');
      const after = await api.request('GET', '/api/v1/voice-prompts/welcome?lang=zh');
      t.is(after.body.source, 'uploaded');
      t.true(after.body.durationMs >= 1400 && after.body.durationMs <= 1600, `duration ${after.body.durationMs} ms`);
      // The row's player points at audio the browser can fetch with its session.
      const src = await row.locator('audio').getAttribute('src');
      const audio = await page.request.get(new URL(src ?? '', web.ts.url).toString());
      t.is(audio.status(), 200);
      t.is((await audio.body()).subarray(0, 4).toString('latin1'), 'RIFF');

      await row.getByRole('button', { name: 'Revert' }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Revert' }).click();
      await row.getByText('Generated').waitFor();
      t.is((await api.request('GET', '/api/v1/voice-prompts/welcome?lang=zh')).body.source, before.body.source);
      t.deepEqual(await w.missingKeys(), []);
      t.deepEqual(await w.csp(), [], 'the player loads under the CSP');
    } finally {
      await w.close();
    }
  });

  test.serial('a dial-plan entry added and changed on the dial-plan screen is what the API returns', async (t) => {
    const api = new Client(web.ts.url);
    await api.login('prompts-root');
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginToScreen(page, web.ts.url, 'prompts-root', 'Dial plan');
      const dialog = await openDialog(t, page, 'New number');
      await dialog.getByLabel('Number dialled').fill('95599');
      await dialog.getByLabel('Tenant', { exact: true }).click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Role Bank (rolebank)' }).click();
      await animationsSettled(page.locator('body'));
      await dialog.getByLabel('Goes to').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Queue' }).click();
      await animationsSettled(page.locator('body'));
      await dialog.getByLabel('Queue ID').fill('retail');
      await screenshot(page, 'dial-plan-form');
      await dialog.getByRole('button', { name: 'Save' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '95599', exact: true }) });
      await row.getByText('Queue: retail').waitFor();
      const created = await api.request('GET', '/api/v1/dial-plan/entries/95599');
      t.is(created.status, 200);
      t.like(created.body, { tenant: 'rolebank', lang: 'zh', target: { kind: 'queue', queue: 'retail' } });

      await openDialog(t, page, row.getByRole('button', { name: 'Edit' }));
      await dialog.getByLabel('Goes to').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'IVR flow' }).click();
      await animationsSettled(page.locator('body'));
      await dialog.getByLabel('IVR flow').fill('card-services');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await row.getByText('IVR flow: card-services').waitFor();
      await screenshot(page, 'dial-plan-after-edit');
      const changed = await api.request('GET', '/api/v1/dial-plan/entries/95599');
      t.like(changed.body, { tenant: 'rolebank', target: { kind: 'ivr', flow: 'card-services' } });
      t.true(changed.body.version > created.body.version);
      t.deepEqual(await w.missingKeys(), []);
    } finally {
      await w.close();
    }
  });

  test.serial('a trunk renamed and closed to outbound calls on the trunks screen is what the API returns', async (t) => {
    const api = new Client(web.ts.url);
    await api.login('prompts-root');
    // No card in this server: a stored setting is what lists the span.
    t.is((await api.request('PATCH', '/api/v1/trunks/1', { name: 'Trunk 1' })).status, 200);
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginThroughPage(page, web.ts.url, 'prompts-root');
      await page.getByRole('link', { name: 'Trunks' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '1', exact: true }) });
      const dialog = await openDialog(t, page, row.getByRole('button', { name: 'Rename' }));
      t.is(await dialog.getByLabel('Name').inputValue(), 'Trunk 1');
      await dialog.getByLabel('Name').fill('Guangzhou Unicom 1');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await row.getByRole('cell', { name: 'Guangzhou Unicom 1', exact: true }).waitFor();
      const toggle = row.getByRole('switch', { name: 'Outbound calls on Guangzhou Unicom 1' });
      t.is(await toggle.getAttribute('aria-checked'), 'true');
      await toggle.click();
      await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document.querySelector('[role=switch]')?.getAttribute('aria-checked') === 'false');
      await screenshot(page, 'trunks-after-change');
      const trunks = await api.request('GET', '/api/v1/trunks');
      t.like(trunks.body.items.find((x: { span: number }) => x.span === 1), { name: 'Guangzhou Unicom 1', outbound: false });
      t.deepEqual(await w.missingKeys(), []);
    } finally {
      await w.close();
    }
  });
}
