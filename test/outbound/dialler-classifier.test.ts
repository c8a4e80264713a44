/**
 * What answered decides the outcome: with an answer classifier plugged in (as answering-machine
 * detection will be), machines and faxes are hung up on and retried under their own rules; and
 * the dialling settings are checked against the tenant's flows and queues.
 */
import test from 'ava';
import type { AnswerKind } from '../../src/outbound/dialler/answer-classifier.js';
import { attemptsOf, BEFORE_NINE, ok, startDialler, until, upload, type DiallerServer } from './dialler-harness.js';

const KINDS: Record<string, AnswerKind> = { '13200000001': 'person', '13200000002': 'machine', '13200000003': 'fax' };
let live: DiallerServer;

test.before(async () => {
  live = await startDialler({ epochMs: BEFORE_NINE + 60_000, outbound: { classifyAnswer: async (session) => KINDS[session.called] ?? 'person' } });
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 2000, hangupAfterMs: 30_000 });
});
test.after.always(async () => {
  await live?.close();
});

test.serial('the settings name a flow or queue of the tenant; agent modes need a queue', async (t) => {
  const bad = await live.admin.post('/api/v1/outbound/campaigns', { name: 'x', callingNumber: '95588', mode: 'trunk_ratio', onAnswer: { kind: 'flow', flowId: 'no-such-flow' } });
  t.is(bad.status, 422);
  t.is(bad.body.error.code, 'outbound_on_answer_unknown');
  const noQueue = await live.admin.post('/api/v1/outbound/campaigns', { name: 'x', callingNumber: '95588', onAnswer: { kind: 'agent', queueId: 'nope' } });
  t.is(noQueue.body.error.code, 'outbound_on_answer_unknown');
  const needsAgent = await live.admin.post('/api/v1/outbound/campaigns', { name: 'x', callingNumber: '95588', mode: 'predictive', onAnswer: { kind: 'flow', flowId: 'main' } });
  t.is(needsAgent.body.error.code, 'outbound_mode_needs_agent');
  const ratio = await live.admin.post('/api/v1/outbound/campaigns', { name: 'x', callingNumber: '95588', ratio: 11 });
  t.is(ratio.status, 422);
  const created = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'defaults', callingNumber: '95588' }));
  t.like(created, { mode: 'progressive', ratio: 1, abandonCapPct: 3, onAnswer: null });
  t.is((await live.admin.patch(`/api/v1/outbound/campaigns/${created.id}`, { onAnswer: { kind: 'flow', flowId: 'main' } })).body.error.code, 'outbound_mode_needs_agent');
  t.like(await ok(live.admin.patch(`/api/v1/outbound/campaigns/${created.id}`, { mode: 'trunk_ratio', onAnswer: { kind: 'flow', flowId: 'main' } })), { mode: 'trunk_ratio', onAnswer: { kind: 'flow', flowId: 'main' } });
});

test.serial('machines and faxes are hung up on and recorded as such; a person gets the flow', async (t) => {
  const flow = { start: 'bye', nodes: { bye: { type: 'hangup', prompts: ['goodbye'] } } };
  const { flow: stored } = await ok(live.admin.post('/api/v1/ivr/flows', { name: 'bye-only', definition: flow, activate: true }));
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Classified', callingNumber: '95588', mode: 'trunk_ratio', onAnswer: { kind: 'flow', flowId: stored.id } }));
  await upload(live, campaign.id, Buffer.from(['phone', ...Object.keys(KINDS)].join('\n')), 'list.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
  await until(live, 'three calls ended', async () => (await attemptsOf(live, campaign.id)).filter((a) => a.outcome !== 'in_flight').length === 3 || undefined);
  const outcomes = Object.fromEntries((await attemptsOf(live, campaign.id)).map((a) => [a.phone, a.outcome]));
  t.deepEqual(outcomes, { '13200000001': 'answered', '13200000002': 'machine', '13200000003': 'fax' });
  const numbers = Object.fromEntries(((await live.db('outbound_numbers').where({ campaign_id: campaign.id })) as Array<{ phone: string; next_attempt_at: unknown }>).map((n) => [n.phone, n.next_attempt_at]));
  t.is(numbers['13200000001'], null, 'answered: done');
  t.not(numbers['13200000002'], null, 'machine: retried under its rule (1 retry by default)');
  t.is(numbers['13200000003'], null, 'fax: no retry by default');
  const progress = await ok(live.admin.get(`/api/v1/outbound/campaigns/${campaign.id}/progress`));
  t.like(progress, { answered: 1, machines: 1, faxes: 1, dialled: 3 });
});
