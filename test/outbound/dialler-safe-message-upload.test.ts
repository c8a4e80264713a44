/**
 * The safe message is the named voice prompt outbound.safe_message: a recording uploaded for
 * it (the back office's voice prompts; installation-wide, by a platform administrator) replaces
 * the generated one for the next campaign call answered with no agent free, without a restart.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { Client, makeOperator } from '../helpers/server.js';
import { ok, type DiallerServer } from './dialler-harness.js';
import { dialOneNumber, NO_AGENT_QUEUE, startNoAgentDialler } from './no-agent-calls.js';

let live: DiallerServer;

test.before(async () => {
  live = await startNoAgentDialler();
});
test.after.always(async () => {
  await live?.close();
});

test('an uploaded recording of outbound.safe_message is what the abandoned callee hears', async (t) => {
  const prompts = live.services.telephony!.prompts;
  const generated = prompts.prompt('outbound.safe_message', 'zh').file;
  t.is(typeof generated, 'string');

  // A 1.5 s tone stands for the bank's own recording.
  const wav = join(live.dir, 'safe.wav');
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', wav, 'synth', '1.5', 'sine', '700']);
  await makeOperator(live.server, { username: 'prompts-root', role: 'platform_admin' });
  const root = new Client(live.url);
  t.is((await root.login('prompts-root')).status, 200);
  const form = new FormData();
  form.set('file', new Blob([readFileSync(wav)]), 'safe.wav');
  const res = await fetch(`${live.url}/api/v1/voice-prompts/outbound.safe_message/recording?lang=zh`, { method: 'PUT', body: form, headers: { cookie: root.cookie!, 'x-csrf-token': root.csrf! } });
  t.is(res.status, 200, await res.text());

  const played: Array<string | Int16Array> = [];
  const plays = prompts.prompt.bind(prompts);
  prompts.prompt = (id, lang) => {
    const ref = plays(id, lang);
    if (id === 'outbound.safe_message') played.push(ref.file);
    return ref;
  };
  try {
    const campaign = await ok(live.admin.post('/api/v1/outbound/campaigns', { name: 'Uploaded safe message', callingNumber: '95588', mode: 'trunk_ratio', maxLines: 1, onAnswer: { kind: 'agent', queueId: NO_AGENT_QUEUE } }));
    const attempt = await dialOneNumber(live, campaign.id, '13600000077');
    t.is(attempt.outcome, 'abandoned');
  } finally {
    prompts.prompt = plays;
  }
  t.is(played.length, 1, 'the safe message was played once');
  const file = played[0];
  t.is(typeof file, 'string');
  t.not(file, generated, 'not the generated file');
  t.true((file as string).startsWith(live.dir), `the upload, under the data directory: ${String(file)}`);
});
