/**
 * The "safe" message a callee hears when no agent is free in time: the catalog's recorded
 * outbound message by default (tested in dialler-agents.test.ts), or the prompt the campaign
 * names; a campaign naming a prompt that does not exist is refused.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import test from 'ava';
import { promptCatalog } from '../../src/voice/prompts/catalog.js';
import { attemptsOf, BEFORE_NINE, ok, startDialler, until, upload, type DiallerServer } from './dialler-harness.js';

let live: DiallerServer;

test.before(async () => {
  live = await startDialler({ epochMs: BEFORE_NINE + 60_000 });
  live.services.sim!.network.setDefault({ kind: 'answer', ringMs: 1000, hangupAfterMs: 8000 });
  await ok(live.admin.post('/api/v1/acd/queues', { id: 'empty', name: 'empty', wrapUpS: 0, ringTimeoutS: 30, announce: { onEntry: false, everyS: 0 } }));
});
test.after.always(async () => {
  await live?.close();
});

test('the catalog has the outbound safe message in Mandarin and English, generated for both', (t) => {
  const entry = promptCatalog.find((p) => p.id === 'outbound.safe_message');
  t.truthy(entry);
  t.regex(entry!.zh, /稍后.*再与您联系/);
  t.regex(entry!.en, /call you again/);
  for (const lang of ['zh', 'en']) t.true(existsSync(resolve('var/prompts', lang, 'outbound.safe_message.wav')), `${lang} file (scripts/generate-prompts.ts)`);
});

test.serial('a campaign that names its own safe prompt plays it; an unknown prompt is refused', async (t) => {
  const refused = await live.admin.post('/api/v1/outbound/campaigns', { name: 'Bad prompt', callingNumber: '95588', mode: 'trunk_ratio', onAnswer: { kind: 'agent', queueId: 'empty', safePrompt: 'no.such.prompt' } });
  t.is(refused.status, 422);
  t.regex(refused.text, /safePrompt|prompt id/);

  const heard: string[] = [];
  const sub = live.services.bus.events$.subscribe((e) => {
    const ev = e.type === 'session.event' ? (e.event as { type: string; prompts?: Array<{ id: string }> }) : undefined;
    if (ev?.type === 'prompt') heard.push(...(ev.prompts ?? []).map((p) => p.id));
  });
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Own prompt', callingNumber: '95588', mode: 'trunk_ratio', maxLines: 1, onAnswer: { kind: 'agent', queueId: 'empty', safePrompt: 'agent.no_answer' } }));
  t.like(campaign.onAnswer, { safePrompt: 'agent.no_answer' });
  await upload(live, campaign.id, Buffer.from('phone\n13600000009\n'), 'one.csv');
  await ok(live.admin.post(`/api/v1/outbound/campaigns/${campaign.id}/state`, { action: 'start' }));
  await until(live, 'the call ended', async () => (await attemptsOf(live, campaign.id)).some((a) => a.outcome !== 'in_flight') || undefined);
  sub.unsubscribe();
  const [attempt] = await attemptsOf(live, campaign.id);
  t.is(attempt!.outcome, 'abandoned');
  t.deepEqual(heard, ['agent.no_answer']);
});
