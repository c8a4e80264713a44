/**
 * A notification campaign end to end on the free-running virtual card: a GB18030 list, a flow
 * that reads each row's amount and date and asks one survey question, calling hours, retries
 * of a busy line within the daily cap, a number put on the do-not-call list after the import,
 * and the results as the API, CSV and XLSX give them.
 */
import test from 'ava';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import type { TellerlineEvent } from '../../src/events/types.js';
import { attemptsOf, beijing, ok, startDialler, until, upload, type DiallerServer } from './dialler-harness.js';

const ANSWERS_A = '13800000001';
const ANSWERS_B = '13800000003';
const BUSY = '13800000002';
const OPTED_OUT = '13800000004';

const FLOW = {
  start: 'notice',
  nodes: {
    notice: { type: 'play', bargeIn: false, prompts: ['welcome', { say: 'amount', from: '$rowFen.金额' }, { say: 'date', from: '$row.到期日' }], next: 'ask' },
    ask: { type: 'collect', prompts: ['goodbye'], min: 1, max: 1, terminator: '', into: 'survey_satisfaction', retries: 0, next: 'bye', onFail: 'bye' },
    bye: { type: 'hangup', prompts: ['goodbye'] },
  },
};

let live: DiallerServer;
const events: TellerlineEvent[] = [];

test.before(async () => {
  live = await startDialler();
  live.services.bus.events$.subscribe((e) => events.push(e));
  const net = live.services.sim!.network;
  net.setLine(ANSWERS_A, { kind: 'answer', ringMs: 3000, dtmf: '4' });
  net.setLine(ANSWERS_B, { kind: 'answer', ringMs: 5000, dtmf: '5' });
  net.setLine(BUSY, { kind: 'busy' });
  net.setLine(OPTED_OUT, { kind: 'answer', ringMs: 1000 });
});
test.after.always(async () => {
  await live?.close();
});

test.serial('every number is called within its window, busy is retried within the daily cap, answers hear their own row and key a survey answer; a do-not-call number is never dialled', async (t) => {
  const { flow } = await ok(live.admin.post('/api/v1/ivr/flows', { name: 'card-expiry', definition: FLOW, activate: true }));
  const campaign = await ok(
    live.admin.post('/api/v1/outbound/campaigns', {
      name: 'Card expiry',
      callingNumber: '95588',
      mode: 'trunk_ratio',
      maxLines: 2,
      maxAttemptsPerDay: 2,
      retryRules: {
        busy: { retries: 3, intervalMinutes: 1 },
        no_answer: { retries: 0, intervalMinutes: 60 },
        machine: { retries: 0, intervalMinutes: 60 },
        fax: { retries: 0, intervalMinutes: 60 },
        congestion: { retries: 0, intervalMinutes: 5 },
        failed: { retries: 0, intervalMinutes: 30 },
      },
      onAnswer: { kind: 'flow', flowId: flow.id },
    }),
  );
  const csv = ['电话,姓名,金额,到期日', `${ANSWERS_A},张三,1234.50,2024-10-31`, `${BUSY},李四,88,2024-11-01`, `${ANSWERS_B},王五,20.05,2024-12-25`, `${OPTED_OUT},赵六,1,2024-10-09`].join('\r\n');
  const imported = await upload(live, campaign.id, iconv.encode(csv, 'gb18030'), 'list.csv');
  t.like(imported, { encoding: 'gb18030', stored: 4 });
  await ok(live.admin.post('/api/v1/outbound/do-not-call', { phone: OPTED_OUT, note: 'asked on the phone' }));
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));

  // Both answered calls end, and the busy line has had its two attempts of the day.
  await until(live, 'two answered calls', async () => (await attemptsOf(live, campaign.id)).filter((a) => a.outcome === 'answered').length === 2);
  await until(live, 'two busy attempts', async () => (await attemptsOf(live, campaign.id)).filter((a) => a.outcome === 'busy').length === 2);
  // Past the time a third busy attempt would have been due (09:02), the cap has held it back.
  await until(live, 'engine time past 09:03', () => beijing(live.card.clock.wallTime().toISOString()) >= '09:03:30');
  const attempts = await attemptsOf(live, campaign.id);
  t.is(attempts.filter((a) => a.phone === BUSY).length, 2, 'at most 2 attempts a day');
  t.is(attempts.filter((a) => a.phone === OPTED_OUT).length, 0, 'never dialled');
  t.false(live.services.sim!.network.outboundCalls().some((c) => c.to === OPTED_OUT));
  for (const a of attempts) t.true(beijing(a.started_at) >= '09:00:00', `dialled at ${beijing(a.started_at)}, inside the window`);
  const busy = attempts.filter((a) => a.phone === BUSY);
  t.true(Date.parse(`${busy[1]!.started_at.replace(' ', 'T')}Z`) - Date.parse(`${busy[0]!.started_at.replace(' ', 'T')}Z`) >= 60_000, 'retried after its interval');

  const survey = Object.fromEntries(attempts.filter((a) => a.outcome === 'answered').map((a) => [a.phone, JSON.parse(a.survey_answers ?? '{}')]));
  t.deepEqual(survey, { [ANSWERS_A]: { satisfaction: '4' }, [ANSWERS_B]: { satisfaction: '5' } });

  // What each callee heard: their own amount and date, read as the IVR reads them.
  const spoken = events.filter((e): e is Extract<TellerlineEvent, { type: 'session.event' }> => e.type === 'session.event').flatMap((e) => {
    const ev = e.event as { type: string; prompts?: Array<{ text?: string }> };
    return ev.type === 'prompt' ? [(ev.prompts ?? []).map((p) => p.text ?? '').join('')] : [];
  });
  t.true(spoken.some((s) => s.includes('一千二百三十四元五角')), `amount of row 1 in ${JSON.stringify(spoken)}`);
  t.true(spoken.some((s) => s.includes('二十元零五分')), 'amount of row 3');
  t.true(spoken.some((s) => s.includes('十月三十一日')), 'date of row 1');

  const numbers = await live.db('outbound_numbers').where({ campaign_id: campaign.id });
  const byPhone = Object.fromEntries(numbers.map((n: any) => [n.phone, n]));
  t.like(byPhone[ANSWERS_A], { attempts: 1, last_outcome: 'answered', next_attempt_at: null });
  t.like(byPhone[BUSY], { attempts: 2, attempts_today: 2, last_outcome: 'busy' });
  t.like(byPhone[OPTED_OUT], { attempts: 0, last_outcome: 'do_not_call' });

  // Progress, attempts, results.
  const progress = await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/progress`));
  t.like(progress, { total: 4, dialled: 4, answered: 2, busy: 2, abandoned: 0, abandonRatePct: 0, state: 'running', remaining: 1 });
  t.true(events.some((e) => e.type === 'outbound.progress' && e.campaignId === campaign.id && e.answered === 2), 'progress on the event stream');
  const page = await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/attempts?outcome=busy&limit=1`));
  t.is(page.items.length, 1);
  t.is(page.items[0].outcome, 'busy');
  t.not(page.nextOffset, null);

  const csvRes = await fetch(`${live.url}/api/v1/outbound/campaigns/${campaign.id}/results.csv`, { headers: { cookie: live.admin.cookie! } });
  t.is(csvRes.status, 200);
  const text = new TextDecoder('utf-8').decode(new Uint8Array(await csvRes.arrayBuffer()));
  const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
  t.is(lines[0], 'phone,姓名,金额,到期日,started_at,answered_at,ended_at,outcome,duration_s,agent,recording,survey:satisfaction');
  t.is(lines.length, 5);
  t.true(lines.some((l) => l.startsWith(`${ANSWERS_A},张三,1234.50,2024-10-31,`) && l.includes(',answered,') && l.endsWith(',4')));

  const xlsxRes = await fetch(`${live.url}/api/v1/outbound/campaigns/${campaign.id}/results.xlsx`, { headers: { cookie: live.admin.cookie! } });
  t.is(xlsxRes.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await xlsxRes.arrayBuffer());
  const sheet = book.worksheets[0]!;
  t.is(sheet.rowCount, 5);
  const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
  t.true(rows.some((r) => r[0] === ANSWERS_B && r[1] === '王五' && r[7] === 'answered' && r[11] === '5'));
});
