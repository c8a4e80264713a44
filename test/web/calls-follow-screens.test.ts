/**
 * What the screens change, a simulated call then follows (virtual card, no restart): a voice
 * prompt uploaded on the voice-prompts screen is what the next caller hears; a dial-plan entry
 * changed on the dial-plan screen sends the next call to its new target; a make-up working day
 * (调休) added on the calendar screen moves the IVR into its working-day hours.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { acdModule } from '../../src/acd/module.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator } from '../helpers/server.js';
import { IvrWorld } from '../ivr/harness.js';
import { goodbyeToneSeconds, MENU_THEN_GOODBYE } from '../ivr/goodbye-tone.js';
import { animationsSettled, browserSkipReason, launchBrowser, loginThroughPage, openPage, screenshot, WEB_DIST } from '../helpers/browser.js';

const skip = browserSkipReason();
const TONE_HZ = 1777;
let world: IvrWorld;
let browser: Browser;
let url: string;
let admin: Client;
let scratch: string;

if (skip) {
  test('browser tests', (t) => t.log(`skipped: ${skip}`) as unknown as void);
} else {
  test.before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'tellerline-web-calls-'));
    // 2026-10-10 is a Saturday; 10:00 in Shanghai.
    world = await IvrWorld.start({
      today: '2026-10-10',
      time: '10:00',
      config: {
        server: { webDir: WEB_DIST },
        telephony: {
          dialPlan: [
            { number: '95500', target: { kind: 'line-test' }, lang: 'zh', tenant: 'bank' },
            { number: '95566', target: { kind: 'ivr', flow: 'hours' }, lang: 'zh', tenant: 'bank' },
            { number: '95577', target: { kind: 'ivr', flow: 'tone' }, lang: 'zh', tenant: 'bank' },
          ],
        },
      },
      modules: [acdModule()],
    });
    admin = await world.held(async () => {
      url = (await world.server.listen(0, '127.0.0.1')).url;
      await makeOperator(world.server, { username: 'calls-root', role: 'platform_admin' });
      await makeOperator(world.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'calls-admin', role: 'bank_admin' });
      const client = new Client(url);
      if ((await client.login('calls-admin')).status !== 200) throw new Error('login failed');
      const flows = {
        // Open 09:00–17:00 on working days only.
        hours: { start: 'when', nodes: { when: { type: 'route-time', open: [{ days: 'workdays', from: '09:00', to: '17:00' }], inHours: 'open', outOfHours: 'closed' }, open: { type: 'hangup', prompts: ['agent.transfer'] }, closed: { type: 'hangup', prompts: ['agent.off_hours'] } } },
        // A menu; key 1 says goodbye and hangs up.
        tone: MENU_THEN_GOODBYE,
      };
      for (const [name, definition] of Object.entries(flows)) {
        const flow = await client.post('/api/v1/ivr/flows', { name, activate: true, definition });
        if (flow.status >= 300) throw new Error(`flow ${name}: ${flow.status} ${flow.text}`);
      }
      return client;
    });
    browser = await launchBrowser();
  });
  test.after.always(async () => {
    await browser?.close();
    await world?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** The browser works while the engine clock is held, so callers' time stays put between calls. */
  async function onScreen<T>(username: string, work: (page: Page) => Promise<T>): Promise<T> {
    const w = await openPage(browser, 'en');
    try {
      await loginThroughPage(w.page, url, username);
      const result = await work(w.page);
      if ((await w.csp()).length > 0) throw new Error(`CSP violations: ${(await w.csp()).join(', ')}`);
      return result;
    } finally {
      await w.close();
    }
  }

  /** Seconds of the test tone a caller of 95577 hears after pressing 1 (the goodbye prompt). */
  function toneHeardSeconds(name: string): Promise<number> {
    return goodbyeToneSeconds(world, '95577', scratch, name, TONE_HZ);
  }

  async function firstPrompt(number: string): Promise<string> {
    const caller = await world.dial({ to: number });
    const e = await caller.event((ev) => ev.type === 'prompt', 'a first prompt');
    await caller.hangUp();
    return e.type === 'prompt' ? e.prompts[0]!.id : '';
  }

  async function branchHeard(): Promise<string> {
    const caller = await world.dial({ to: '95566' });
    const heard = await caller.event((e) => e.type === 'prompt' && e.prompts.some((p) => p.id === 'agent.transfer' || p.id === 'agent.off_hours'), 'the open or closed branch');
    await caller.ended();
    return heard.type === 'prompt' ? heard.prompts[0]!.id : '';
  }

  test.serial('a recording uploaded on the voice-prompts screen is what the next caller hears', async (t) => {
    t.is(await toneHeardSeconds('before'), 0, 'the generated goodbye has no such tone');
    const mp3 = join(scratch, 'goodbye-tone.mp3');
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', mp3, 'synth', '2', 'sine', String(TONE_HZ), 'vol', '0.5']);
    await onScreen('calls-root', async (page) => {
      await page.getByRole('link', { name: 'Voice prompts' }).click();
      await page.getByLabel('Prompt language').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'Chinese' }).click();
      await animationsSettled(page.locator('body'));
      await page.getByPlaceholder('Search').fill('goodbye');
      await page.getByPlaceholder('Search').press('Enter');
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'goodbye', exact: true }) });
      await row.getByRole('button', { name: 'Upload recording' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[type=file]').setInputFiles(mp3);
      await dialog.getByRole('button', { name: 'Upload recording' }).click();
      await row.getByText('Uploaded recording').waitFor();
    });
    t.true((await toneHeardSeconds('uploaded')) >= 1.4, 'the caller hears the uploaded recording');
  });

  test.serial('a dial-plan entry changed on the dial-plan screen sends the next call to its new target', async (t) => {
    t.is(await firstPrompt('95500'), 'linetest.intro');
    await onScreen('calls-root', async (page) => {
      await page.getByRole('link', { name: 'Dial plan' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '95500', exact: true }) });
      await row.getByRole('button', { name: 'Edit' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Goes to').click();
      await animationsSettled(page.locator('body'));
      await page.locator('.ant-select-item-option', { hasText: 'IVR flow' }).click();
      await animationsSettled(page.locator('body'));
      await dialog.getByLabel('IVR flow').fill('main');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await row.getByText('IVR flow: main').waitFor();
      await screenshot(page, 'dial-plan-before-call');
    });
    t.is(await firstPrompt('95500'), 'welcome', 'the next call goes to the IVR, without a restart');
  });

  test.serial('a make-up working day added on the calendar screen opens the IVR on that Saturday', async (t) => {
    t.is(await branchHeard(), 'agent.off_hours', 'an ordinary Saturday is outside working-day hours');
    await onScreen('calls-admin', async (page) => {
      await page.getByRole('link', { name: 'Calendar' }).click();
      const card = page.locator('.ant-card').filter({ hasText: 'Make-up working days' });
      await card.getByLabel('Date').fill('2026-10-10');
      await card.getByLabel('Date').press('Enter');
      await card.getByLabel('Name').fill('国庆调休');
      await card.getByRole('button', { name: 'Add' }).click();
      await card.getByRole('cell', { name: '2026-10-10' }).waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved').waitFor();
      await screenshot(page, 'calendar-make-up-day');
    });
    const stored = await world.held(() => admin.get('/api/v1/acd/calendar'));
    t.deepEqual(stored.body.workingDays, [{ date: '2026-10-10', name: '国庆调休' }]);
    t.is(await branchHeard(), 'agent.transfer', 'the make-up working day is open like a weekday');
  });
}
