/**
 * The outbound screens in Chromium: a campaign made through the editor (the server's messages
 * on the fields first) is what the API returns; a number put on the do-not-call list through
 * its screen, then a GB18030 list with a bad row, a duplicate and that number checked on the
 * import tab — the dry-run preview lists the refused rows with their reasons and nothing is
 * stored until the import is confirmed; start, suspend, resume and stop through the buttons;
 * the progress panel right on opening and kept current by the event stream, the results list
 * and its exports; every outbound screen in zh-CN and English with no missing string, no serious or critical
 * axe violation and no CSP violation.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { Client, makeOperator, makeTenant } from '../helpers/server.js';
import { attemptsRepo } from '../../src/outbound/store/attempts-repo.js';
import { animationsSettled, checkScreen, loginThroughPage, openDialog, openPage, screenshot, type Watched, webSuite } from '../helpers/browser.js';

let scratch: string;
let api: Client;

async function campaignByName(name: string) {
  const list = await api.request('GET', `/api/v1/outbound/campaigns?q=${encodeURIComponent(name)}`);
  return list.body.items.find((c: { name: string }) => c.name === name);
}

async function clean(t: ExecutionContext, w: Watched): Promise<void> {
  t.deepEqual(await w.missingKeys(), [], 'every key is in the catalog');
  t.deepEqual(await w.csp(), [], 'no CSP violation');
}

const web = webSuite({
  async setUp(ts) {
    scratch = mkdtempSync(join(tmpdir(), 'tellerline-web-outbound-'));
    const bank = await makeTenant(ts.server, 'obwebbank', 'Outbound Bank');
    await makeOperator(ts.server, { username: 'ob-web-admin', role: 'bank_admin', tenantId: bank.id });
    await makeOperator(ts.server, { username: 'ob-web-auditor', role: 'auditor', tenantId: bank.id });
    api = new Client(ts.url);
    await api.login('ob-web-admin');
    const queue = await api.request('POST', '/api/v1/acd/queues', { id: 'cards', name: 'Card services' });
    if (queue.status !== 201) throw new Error(`queue: ${queue.status} ${JSON.stringify(queue.body)}`);
  },
  tearDown() {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  },
});

if (web) {
  test.serial('a campaign made in the editor is what the API returns; the server\'s messages land on the fields', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginThroughPage(page, web.ts.url, 'ob-web-admin');
      await page.getByRole('link', { name: 'Outbound campaigns' }).click();
      await page.getByText('Nothing here yet').waitFor();
      await page.getByRole('button', { name: 'New campaign' }).click();
      const form = page.getByRole('form', { name: 'Campaign settings' });
      await form.getByLabel('Campaign name').fill('Card expiry notice');
      await form.getByLabel('Calling number').fill('955-88x');
      // Window 1 ends before it starts: the server says so on the window's end.
      await form.getByLabel('From', { exact: true }).first().fill('13:00');
      await form.getByLabel('To', { exact: true }).first().fill('12:00');
      await page.getByRole('button', { name: 'Create campaign' }).click();
      await form.locator('.ant-form-item-explain-error', { hasText: 'digits only' }).waitFor();
      await form.locator('.ant-form-item-explain-error', { hasText: 'a window ends after it starts' }).waitFor();
      await screenshot(page, 'outbound-editor-server-errors');
      t.is(await campaignByName('Card expiry notice'), undefined, 'nothing stored');

      await form.getByLabel('Calling number').fill('95588');
      await form.getByLabel('From', { exact: true }).first().fill('09:30');
      await form.getByLabel('To', { exact: true }).first().fill('11:45');
      // Window 2 goes; a weekend window comes in its place.
      await form.getByRole('button', { name: 'Remove window 2' }).click();
      await form.getByRole('button', { name: 'Add a window' }).click();
      const second = form.getByTestId('time-window').nth(1);
      for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await second.getByLabel(day, { exact: true }).uncheck();
      await second.getByLabel('Sat', { exact: true }).check();
      await second.getByLabel('From', { exact: true }).fill('10:00');
      await second.getByLabel('To', { exact: true }).fill('16:00');
      await form.getByLabel('Attempts per number per day').fill('2');
      await form.getByLabel('Maximum lines').fill('6');
      await form.getByLabel('Recording').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'All calls' }).click();
      await animationsSettled(page.locator('body'));
      await form.getByLabel('Busy Retries').fill('5');
      await form.getByLabel('No answer Interval (minutes)').fill('90');
      await form.getByLabel('Dialling mode').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Predictive' }).click();
      await animationsSettled(page.locator('body'));
      await form.getByLabel('Abandon-rate cap').fill('2.5');
      await form.getByLabel('Agent queue').check();
      // A queue the tenant does not have: the server's refusal lands on the queue field.
      await form.getByLabel('Queue', { exact: true }).fill('no-such-queue');
      await page.getByRole('button', { name: 'Create campaign' }).click();
      await form.locator('.ant-form-item-explain-error', { hasText: 'no ACD queue' }).waitFor();
      await form.getByLabel('Dialling mode').scrollIntoViewIfNeeded();
      await screenshot(page, 'outbound-editor-queue-refused');
      t.is(await campaignByName('Card expiry notice'), undefined, 'nothing stored');
      await form.getByLabel('Queue', { exact: true }).fill('cards');
      await page.keyboard.press('Escape');
      await checkScreen(t, page, 'en-outbound-editor');
      await page.getByRole('button', { name: 'Create campaign' }).click();
      await page.getByRole('heading', { name: 'Campaign: Card expiry notice' }).waitFor();
      await page.getByTestId('campaign-state').getByText('Draft').waitFor();

      const created = await campaignByName('Card expiry notice');
      t.like(created, { callingNumber: '95588', maxAttemptsPerDay: 2, maxLines: 6, recordingPolicy: 'all', state: 'draft', mode: 'predictive', abandonCapPct: 2.5, onAnswer: { kind: 'agent', queueId: 'cards' } });
      t.deepEqual(created.timeWindows, [
        { days: [1, 2, 3, 4, 5], from: '09:30', to: '11:45' },
        { days: [6], from: '10:00', to: '16:00' },
      ]);
      t.deepEqual(created.retryRules.busy, { retries: 5, intervalMinutes: 10 });
      t.deepEqual(created.retryRules.no_answer, { retries: 2, intervalMinutes: 90 });

      // The settings tab opens with what was saved, and a change is saved in place.
      await page.getByRole('tab', { name: 'Settings' }).click();
      t.is(await form.getByLabel('Maximum lines').inputValue(), '6');
      await form.getByLabel('Maximum lines').fill('8');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved').first().waitFor();
      t.is((await campaignByName('Card expiry notice')).maxLines, 8);
      await clean(t, w);
    } finally {
      await w.close();
    }
  });

  test.serial('the import shows every refused row with its reason before anything is stored; confirmed, the numbers are listed', async (t) => {
    const csv = join(scratch, '到期提醒名单.csv');
    const rows = ['号码,姓名,金额,到期日', '075512340001,张三,1234.50,2026-12-31', '13800138000,李四,88.00,2027-01-15', 'abc-not-a-number,王五,10.00,2027-02-01', '075512340001,张三重复,1.00,2027-03-01', '0755 8888 0199,赵六,500.00,2027-04-01', '+8613900139000,Chen Wei,66.60,2027-05-01'];
    writeFileSync(csv, iconv.encode(rows.join('\r\n'), 'gb18030'));
    const campaign = await campaignByName('Card expiry notice');
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginThroughPage(page, web.ts.url, 'ob-web-admin');

      // The do-not-call list, through its screen: a bad number is refused on the field, a good one listed.
      await page.getByRole('link', { name: 'Do-not-call list' }).click();
      await page.getByText('The do-not-call list is empty').waitFor();
      const dialog = await openDialog(t, page, 'Add a number');
      await dialog.getByLabel('Number', { exact: true }).fill('call me later');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.locator('.ant-form-item-explain-error', { hasText: 'not a phone number' }).waitFor();
      await dialog.getByLabel('Number', { exact: true }).fill('0755-8888 0199');
      await dialog.getByLabel('Note').fill('asked not to be called');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('cell', { name: '075588880199' }).waitFor();
      await checkScreen(t, page, 'en-outbound-do-not-call');

      await page.goto(`${web.ts.url}/outbound-campaigns/${campaign.id}?tab=import`);
      await page.getByRole('button', { name: 'Choose a file' }).waitFor();
      await page.locator('input[type=file]').setInputFiles(csv);
      await page.getByRole('button', { name: 'Check the list' }).click();
      const preview = page.getByTestId('import-preview');
      await preview.waitFor();
      const refused = preview.getByRole('table');
      await refused.getByRole('row').filter({ hasText: 'abc-not-a-number' }).getByText('Not a phone number', { exact: true }).waitFor();
      await refused.getByRole('row').filter({ hasText: 'Twice in the file' }).getByRole('cell', { name: '5', exact: true }).waitFor();
      await refused.getByRole('row').filter({ hasText: '075588880199' }).getByText('On the do-not-call list', { exact: true }).waitFor();
      t.is(await refused.locator('tbody tr').count(), 3);
      t.regex(await preview.innerText(), /GB18030/i);
      const figure = async (title: string) => (await preview.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content').innerText()).trim();
      t.is(await figure('Rows read'), '6');
      t.is(await figure('To import'), '3');
      t.is(await figure('Duplicates'), '1');
      t.is(await figure('On do-not-call list'), '1');
      await checkScreen(t, page, 'en-outbound-import-preview');
      const stored = await api.request('GET', `/api/v1/outbound/campaigns/${campaign.id}/numbers`);
      t.deepEqual(stored.body.items, [], 'the dry run stored nothing');

      await preview.getByRole('button', { name: 'Import 3 numbers' }).click();
      await page.getByRole('tab', { name: 'Number list', selected: true }).waitFor();
      await page.getByRole('cell', { name: '075512340001' }).waitFor();
      await page.getByText('姓名: 李四').waitFor();
      await checkScreen(t, page, 'en-outbound-numbers');
      const listed = await api.request('GET', `/api/v1/outbound/campaigns/${campaign.id}/numbers`);
      t.deepEqual(listed.body.items.map((n: { phone: string }) => n.phone), ['075512340001', '13800138000', '+8613900139000']);
      t.like(listed.body.items[0].variables, { 姓名: '张三', 金额: '1234.50', 到期日: '2026-12-31' });

      // The server searches the numbers.
      await page.getByPlaceholder('Search a number').fill('1380013');
      await page.getByPlaceholder('Search a number').press('Enter');
      await page.getByRole('cell', { name: '075512340001' }).waitFor({ state: 'detached' });
      t.is(await page.locator('.ant-table-tbody tr.ant-table-row').count(), 1);
      await clean(t, w);
    } finally {
      await w.close();
    }
  });

  test.serial('start, suspend, resume and stop through the buttons; stopping asks first', async (t) => {
    const campaign = await campaignByName('Card expiry notice');
    const other = await api.request('POST', '/api/v1/outbound/campaigns', { name: 'Satisfaction survey', callingNumber: '95566' });
    t.is(other.status, 201);
    const stateOf = async (id: string) => (await api.request('GET', `/api/v1/outbound/campaigns/${id}`)).body.state;
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginThroughPage(page, web.ts.url, 'ob-web-admin');
      await page.goto(`${web.ts.url}/outbound-campaigns/${campaign.id}`);
      const tag = page.getByTestId('campaign-state');
      await tag.getByText('Draft').waitFor();
      await page.getByRole('button', { name: 'Start' }).click();
      await tag.getByText('Running').waitFor();
      t.is(await stateOf(campaign.id), 'running');
      await page.getByRole('button', { name: 'Suspend' }).click();
      await tag.getByText('Suspended').waitFor();
      t.is(await stateOf(campaign.id), 'paused');
      await checkScreen(t, page, 'en-outbound-campaign-suspended');
      await page.getByRole('button', { name: 'Resume' }).click();
      await tag.getByText('Running').waitFor();
      t.is(await stateOf(campaign.id), 'running');

      // From the list: stop asks first; cancelling keeps the campaign as it was.
      await page.getByRole('button', { name: 'Back to campaigns' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Satisfaction survey' });
      await row.getByRole('button', { name: 'Stop' }).click();
      const confirm = page.locator('.ant-popconfirm');
      await confirm.getByText('cannot be started again').waitFor();
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      t.is(await stateOf(other.body.id), 'draft');
      await row.getByRole('button', { name: 'Stop' }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Stop' }).click();
      await row.getByTestId('campaign-state').getByText('Stopped').waitFor();
      t.is(await stateOf(other.body.id), 'stopped');
      // A running campaign offers no delete; a stopped one does.
      t.is(await page.getByRole('row').filter({ hasText: 'Card expiry notice' }).getByRole('button', { name: 'Delete' }).count(), 0);
      t.is(await row.getByRole('button', { name: 'Delete' }).count(), 1);

      // The server sorts and searches the list.
      await page.getByRole('columnheader', { name: 'Campaign name' }).click();
      await page.locator('.ant-table-tbody tr.ant-table-row').first().filter({ hasText: 'Card expiry notice' }).waitFor();
      await page.getByRole('columnheader', { name: 'Campaign name' }).click();
      await page.locator('.ant-table-tbody tr.ant-table-row').first().filter({ hasText: 'Satisfaction survey' }).waitFor();
      await page.getByPlaceholder('Search name or calling number').fill('95566');
      await page.getByPlaceholder('Search name or calling number').press('Enter');
      await page.getByRole('row').filter({ hasText: 'Card expiry notice' }).waitFor({ state: 'detached' });
      await checkScreen(t, page, 'en-outbound-campaigns');
      await clean(t, w);
    } finally {
      await w.close();
    }
  });

  test.serial('progress is right when the page opens mid-campaign and follows the event stream; results list, filter and export', async (t) => {
    const campaign = await campaignByName('Card expiry notice');
    const db = web.ts.server.services.store.knex;
    const numbers = (await api.request('GET', `/api/v1/outbound/campaigns/${campaign.id}/numbers`)).body.items as Array<{ id: number; phone: string }>;
    // Calls as the dialler writes them: a row before the dial, its outcome when the call ends.
    const call = async (n: { id: number; phone: string }, end: { outcome: 'answered' | 'busy' | 'machine'; talkS?: number; survey?: Record<string, string> }) => {
      const id = randomUUID();
      const startedAt = new Date();
      await attemptsRepo.insert(db, { id, tenantId: campaign.tenantId, campaignId: campaign.id, numberId: n.id, phone: n.phone, mode: 'predictive', startedAt, outcome: 'in_flight' });
      const answeredAt = end.talkS !== undefined ? new Date(startedAt.getTime() + 4000) : null;
      const endedAt = new Date((answeredAt ?? startedAt).getTime() + (end.talkS ?? 20) * 1000);
      await attemptsRepo.finish(db, id, { outcome: end.outcome, answeredAt, endedAt, surveyAnswers: end.survey ?? null });
    };
    await call(numbers[0]!, { outcome: 'answered', talkS: 42, survey: { satisfaction: '5' } });
    await call(numbers[1]!, { outcome: 'busy' });

    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginThroughPage(page, web.ts.url, 'ob-web-admin');
      await page.goto(`${web.ts.url}/outbound-campaigns/${campaign.id}`);
      const figure = (name: string) => page.getByTestId(`progress-${name}`).locator('.ant-statistic-content');
      await figure('dialled').getByText('2', { exact: true }).waitFor();
      t.is((await figure('answered').innerText()).trim(), '1');
      t.is((await figure('busy').innerText()).trim(), '1');
      t.is((await figure('total').innerText()).trim(), '3');
      t.is((await figure('machines').innerText()).trim(), '0');
      await page.getByRole('tab', { name: 'Results' }).click();
      await page.getByRole('cell', { name: '42 s' }).waitFor();
      await page.getByText('satisfaction: 5').waitFor();
      await checkScreen(t, page, 'en-outbound-progress-results');

      // A call ends while the page is open: the event stream brings the new figures, no reload.
      await page.getByText('Live', { exact: true }).waitFor();
      await call(numbers[2]!, { outcome: 'machine', talkS: 9 });
      web.ts.server.services.outbound!.progress.changed(campaign.tenantId, campaign.id, { now: true });
      await figure('machines').getByText('1', { exact: true }).waitFor();
      t.is((await figure('dialled').innerText()).trim(), '3');

      // The server filters by outcome.
      await page.getByRole('combobox', { name: 'Outcome' }).click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Busy' }).click();
      await animationsSettled(page.locator('body'));
      await page.getByRole('cell', { name: '42 s' }).waitFor({ state: 'detached' });
      t.is(await page.locator('.ant-table-tbody tr.ant-table-row').count(), 1);
      t.is((await page.locator('.ant-table-tbody tr.ant-table-row').innerText()).includes(numbers[1]!.phone), true);

      // The export buttons fetch the server's files with the page's session.
      for (const [name, type] of [['Export CSV', 'text/csv'], ['Export Excel', 'spreadsheetml']] as const) {
        const href = await page.getByRole('link', { name }).getAttribute('href');
        const file = await page.request.get(new URL(href ?? '', web.ts.url).toString());
        t.is(file.status(), 200, name);
        t.true((file.headers()['content-type'] ?? '').includes(type), name);
        if (type === 'text/csv') t.true((await file.text()).includes(numbers[0]!.phone));
      }

      // The list follows a state changed elsewhere (another operator here) through the event stream.
      await page.getByRole('button', { name: 'Back to campaigns' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Card expiry notice' });
      await row.getByTestId('campaign-state').getByText('Running').waitFor();
      t.is((await api.request('POST', `/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'pause' })).status, 200);
      web.ts.server.services.outbound!.progress.changed(campaign.tenantId, campaign.id, { now: true });
      await row.getByTestId('campaign-state').getByText('Suspended').waitFor();
      await clean(t, w);
    } finally {
      await w.close();
    }
  });

  test.serial('an auditor reads the campaigns but is offered no change', async (t) => {
    const w = await openPage(web.browser, 'en');
    try {
      const page = w.page;
      await loginThroughPage(page, web.ts.url, 'ob-web-auditor');
      await page.getByRole('link', { name: 'Outbound campaigns' }).click();
      await page.getByRole('link', { name: 'Card expiry notice' }).click();
      await page.getByRole('cell', { name: '075512340001' }).waitFor();
      t.is(await page.getByRole('tab', { name: 'Import numbers' }).count(), 0);
      t.is(await page.getByRole('button', { name: 'Suspend' }).count(), 0);
      await page.getByRole('tab', { name: 'Settings' }).click();
      t.true(await page.getByLabel('Campaign name').isDisabled());
      t.is(await page.getByRole('button', { name: 'Save' }).count(), 0);
      await page.goto(`${web.ts.url}/outbound-campaigns/new`);
      await page.getByText('Not allowed').waitFor();
      await clean(t, w);
    } finally {
      await w.close();
    }
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    test.serial(`every outbound screen in ${lang}: no missing string, no serious axe violation, no CSP violation`, async (t) => {
      const campaign = await campaignByName('Card expiry notice');
      const w = await openPage(web.browser, lang);
      try {
        const page = w.page;
        await loginThroughPage(page, web.ts.url, 'ob-web-admin');
        const screens: Array<[name: string, path: string]> = [
          ['campaigns', '/outbound-campaigns'],
          ['new-campaign', '/outbound-campaigns/new'],
          ['campaign-numbers', `/outbound-campaigns/${campaign.id}`],
          ['campaign-results', `/outbound-campaigns/${campaign.id}?tab=attempts`],
          ['campaign-import', `/outbound-campaigns/${campaign.id}?tab=import`],
          ['campaign-settings', `/outbound-campaigns/${campaign.id}?tab=settings`],
          ['do-not-call', '/do-not-call'],
        ];
        for (const [name, path] of screens) {
          await page.goto(`${web.ts.url}${path}`);
          await page.locator('main section h2').waitFor();
          await checkScreen(t, page, `${lang}-outbound-${name}`);
        }
        if (lang === 'zh-CN') {
          // The call-center words: 外呼任务, 号码名单, 免打扰名单 in the menu and the tabs.
          await page.goto(`${web.ts.url}/outbound-campaigns/${campaign.id}`);
          await page.getByRole('tab', { name: '号码名单' }).waitFor();
          await page.getByRole('link', { name: '免打扰名单' }).waitFor();
          await page.getByRole('link', { name: '外呼任务' }).waitFor();
        }
        await clean(t, w);
      } finally {
        await w.close();
      }
    });
  }
}
