/**
 * Pause on the virtual card: no new dial from the moment the campaign is paused, while the
 * calls up run to their normal end; resume dials the rest.
 */
import test from 'ava';
import { attemptsOf, BEFORE_NINE, ok, startDialler, until, upload, type DiallerServer } from './dialler-harness.js';

const FLOW = {
  start: 'wait',
  nodes: {
    wait: { type: 'collect', prompts: ['welcome'], min: 1, max: 1, terminator: '', firstDigitTimeoutMs: 60_000, into: 'survey_reply', retries: 0, next: 'bye', onFail: 'bye' },
    bye: { type: 'hangup', prompts: ['goodbye'] },
  },
};

let live: DiallerServer;

test.before(async () => {
  live = await startDialler({ epochMs: BEFORE_NINE + 60_000 });
  // Every callee answers and hangs up after 20 s.
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 2000, hangupAfterMs: 20_000 });
});
test.after.always(async () => {
  await live?.close();
});

test.serial('pause stops new dials at once; the calls up end normally; resume dials the rest', async (t) => {
  const { flow } = await ok(live.admin.post('/api/v1/ivr/flows', { name: 'hold-on', definition: FLOW, activate: true }));
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Pause me', callingNumber: '95588', mode: 'trunk_ratio', maxLines: 3, onAnswer: { kind: 'flow', flowId: flow.id } }));
  const csv = ['phone,name', ...Array.from({ length: 7 }, (_, i) => `1390000000${i},n${i}`)].join('\n');
  await upload(live, campaign.id, Buffer.from(csv), 'list.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));

  await until(live, 'three calls up', async () => (await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/progress`))).linesInUse === 3 || undefined);
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'pause' }));
  const atPause = (await attemptsOf(live, campaign.id)).length;
  t.is(atPause, 3, 'three calls were up, no more');

  await until(live, 'the calls up ended', async () => (await attemptsOf(live, campaign.id)).every((a) => a.outcome !== 'in_flight'));
  const ended = await live.db('outbound_attempts').where({ campaign_id: campaign.id });
  t.is(ended.length, 3, 'no dial while paused');
  for (const a of ended) {
    t.is(a.outcome, 'answered');
    t.true(Number(a.duration_s) >= 19, `the call ran its course (${a.duration_s} s)`);
  }
  const paused = await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/progress`));
  t.like(paused, { state: 'paused', linesInUse: 0, dialled: 3, answered: 3, remaining: 4 });

  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'resume' }));
  await until(live, 'all seven answered', async () => (await attemptsOf(live, campaign.id)).filter((a) => a.outcome === 'answered').length === 7);
  const all = await attemptsOf(live, campaign.id);
  t.is(new Set(all.map((a) => a.phone)).size, 7, 'each number once');
});
