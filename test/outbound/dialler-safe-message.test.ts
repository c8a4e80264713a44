/**
 * The "safe" message a callee hears when no agent is free in time: the catalog's recorded
 * outbound message by default (tested in dialler-agents.test.ts), or the prompt the campaign
 * names; a campaign naming a prompt that does not exist is refused.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import test from 'ava';
import { promptCatalog } from '../../src/voice/prompts/catalog.js';
import { ok, type DiallerServer } from './dialler-harness.js';
import { dialOneNumber, NO_AGENT_QUEUE, promptsHeard, startNoAgentDialler } from './no-agent-calls.js';

let live: DiallerServer;

test.before(async () => {
  live = await startNoAgentDialler();
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
  const refused = await live.admin.post('/api/v1/outbound/campaigns', { name: 'Bad prompt', callingNumber: '95588', mode: 'trunk_ratio', onAnswer: { kind: 'agent', queueId: NO_AGENT_QUEUE, safePrompt: 'no.such.prompt' } });
  t.is(refused.status, 422);
  t.regex(refused.text, /safePrompt|prompt id/);

  const heard = promptsHeard(live);
  const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Own prompt', callingNumber: '95588', mode: 'trunk_ratio', maxLines: 1, onAnswer: { kind: 'agent', queueId: NO_AGENT_QUEUE, safePrompt: 'agent.no_answer' } }));
  t.like(campaign.onAnswer, { safePrompt: 'agent.no_answer' });
  const attempt = await dialOneNumber(live, campaign.id, '13600000009');
  heard.stop();
  t.is(attempt.outcome, 'abandoned');
  t.deepEqual(heard.ids, ['agent.no_answer']);
});
