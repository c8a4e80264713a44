/**
 * Voice prompts: an uploaded recording (any format sox reads) is converted to 8 kHz A-law and
 * heard by the next caller without a restart; going back to the generated prompt works the same
 * way; a file that is not audio, or too long, gets a clear 422; the audio answers Range requests.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator } from '../helpers/server.js';
import { IvrWorld } from '../ivr/harness.js';
import { goodbyeToneSeconds, MENU_THEN_GOODBYE } from '../ivr/goodbye-tone.js';

const TONE_HZ = 1777;
let world: IvrWorld;
let root: Client;
let bankAdmin: Client;
let url: string;
let scratch: string;

test.before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tellerline-prompt-test-'));
  world = await IvrWorld.start({
    time: '10:00',
    config: { telephony: { dialPlan: [{ number: '95577', target: { kind: 'ivr', flow: 'tone' }, lang: 'zh', tenant: 'bank' }] } },
  });
  [root, bankAdmin] = await world.held(async () => {
    const listening = await world.server.listen(0, '127.0.0.1');
    url = listening.url;
    await makeOperator(world.server, { username: 'prompts-root', role: 'platform_admin' });
    await makeOperator(world.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'prompts-admin', role: 'bank_admin' });
    const out: Client[] = [];
    for (const name of ['prompts-root', 'prompts-admin']) {
      const client = new Client(url);
      if ((await client.login(name)).status !== 200) throw new Error('login failed');
      out.push(client);
    }
    return out as [Client, Client];
  });
  // The flow: a menu (welcome), key 1 says goodbye and hangs up.
  const flow = await world.held(() =>
    bankAdmin.post('/api/v1/ivr/flows', {
      name: 'tone',
      activate: true,
      definition: MENU_THEN_GOODBYE,
    }),
  );
  if (flow.status !== 201 && flow.status !== 200) throw new Error(`flow: ${flow.status} ${flow.text}`);
});
test.after.always(async () => {
  await world?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function upload(client: Client, id: string, lang: string, body: Buffer, fileName: string) {
  const form = new FormData();
  form.set('file', new Blob([body]), fileName);
  const res = await world.held(() => fetch(`${url}/api/v1/voice-prompts/${id}/recording?lang=${lang}`, { method: 'PUT', body: form, headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf! } }));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

/** Places a call, presses 1 at the menu, records what the caller hears until the bank hangs up; seconds of the tone heard. */
function toneHeardSeconds(name: string): Promise<number> {
  return goodbyeToneSeconds(world, '95577', scratch, name, TONE_HZ);
}

test.serial('an uploaded MP3 plays on the next call, converted to 8 kHz A-law; going back restores the generated prompt', async (t) => {
  t.is(await toneHeardSeconds('before'), 0, 'the generated goodbye has no such tone');

  const mp3 = join(scratch, 'tone.mp3');
  execFileSync('sox', ['-n', '-r', '44100', '-c', '2', mp3, 'synth', '2', 'sine', String(TONE_HZ), 'vol', '0.5']);
  const res = await upload(root, 'goodbye', 'zh', readFileSync(mp3), 'goodbye-tone.mp3');
  t.is(res.status, 200, res.text);
  t.like(res.body, { id: 'goodbye', lang: 'zh', source: 'uploaded', hasGenerated: true });
  t.true(res.body.durationMs >= 1900 && res.body.durationMs <= 2100, `duration ${res.body.durationMs}`);

  const audio = await world.held(() => fetch(`${url}/api/v1/voice-prompts/goodbye/audio?lang=zh`, { headers: { cookie: root.cookie! } }));
  const wav = Buffer.from(await audio.arrayBuffer());
  t.is(audio.headers.get('content-type'), 'audio/wav');
  t.is(wav.readUInt16LE(20), 6, 'A-law');
  t.is(wav.readUInt16LE(22), 1, 'mono');
  t.is(wav.readUInt32LE(24), 8000, '8 kHz');

  t.true((await toneHeardSeconds('uploaded')) >= 1.4, 'the caller hears the uploaded tone');

  const listed = await world.held(() => root.get('/api/v1/voice-prompts?source=uploaded'));
  t.is(listed.status, 200);
  t.deepEqual(listed.body.items.map((p: { id: string; lang: string }) => `${p.id}/${p.lang}`), ['goodbye/zh']);

  const reverted = await world.held(() => root.delete('/api/v1/voice-prompts/goodbye/recording?lang=zh'));
  t.is(reverted.status, 200, reverted.text);
  t.is(reverted.body.source, 'generated');
  t.is(await toneHeardSeconds('reverted'), 0, 'the generated prompt is back without a restart');
  const again = await world.held(() => root.delete('/api/v1/voice-prompts/goodbye/recording?lang=zh'));
  t.is(again.status, 404);
  t.is(again.body.error.code, 'no_uploaded_prompt');
});

test.serial('a file that is not audio, or too long, is refused with a clear code and changes nothing', async (t) => {
  const text = await upload(root, 'welcome', 'en', Buffer.from('Dear customer, this is a letter, not a recording.\n'), 'letter.wav');
  t.is(text.status, 422);
  t.is(text.body.error.code, 'not_audio');
  const png = await upload(root, 'welcome', 'en', Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==', 'base64'), 'picture.png');
  t.is(png.status, 422);
  t.is(png.body.error.code, 'not_audio');
  const long = join(scratch, 'long.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', long, 'synth', '125', 'sine', '440']);
  const tooLong = await upload(root, 'welcome', 'en', readFileSync(long), 'long.wav');
  t.is(tooLong.status, 422);
  t.is(tooLong.body.error.code, 'audio_too_long');
  const still = await world.held(() => root.get('/api/v1/voice-prompts/welcome?lang=en'));
  t.is(still.body.source, 'generated', 'the prompt is unchanged');
  const audit = await world.knex('audit_log').where({ action: 'voicePrompts.upload', outcome: 'failed' });
  t.is(audit.length, 3);
});

test.serial('prompts serve every tenant: only platform administrators list, hear or change them', async (t) => {
  const wav = join(scratch, 'short.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', wav, 'synth', '0.5', 'sine', '440']);
  const denied = await upload(bankAdmin, 'welcome', 'zh', readFileSync(wav), 'short.wav');
  t.is(denied.status, 403);
  t.is(denied.body.error.code, 'forbidden');
  t.is((await world.held(() => bankAdmin.get('/api/v1/voice-prompts/welcome?lang=zh'))).status, 403);
  const one = await world.held(() => root.get('/api/v1/voice-prompts/welcome?lang=zh'));
  t.is(one.status, 200);
  t.like(one.body, { id: 'welcome', lang: 'zh', kind: 'prompt', source: 'generated' });
  t.truthy(one.body.text);
});

test.serial('the prompt list is paged, sorted and searched', async (t) => {
  const page = await world.held(() => root.get('/api/v1/voice-prompts?lang=en&limit=5&sort=id&order=desc'));
  t.is(page.body.items.length, 5);
  t.is(page.body.nextOffset, 5);
  const ids = page.body.items.map((p: { id: string }) => p.id);
  t.deepEqual(ids, [...ids].sort().reverse());
  const searched = await world.held(() => root.get('/api/v1/voice-prompts?lang=en&q=goodbye'));
  t.true(searched.body.items.length >= 1);
  t.true(searched.body.items.every((p: { id: string; text: string }) => `${p.id} ${p.text}`.toLowerCase().includes('goodbye')));
});

test.serial('the audio answers Range requests, so a browser can seek', async (t) => {
  const whole = await world.held(() => fetch(`${url}/api/v1/voice-prompts/welcome/audio?lang=zh`, { headers: { cookie: root.cookie! } }));
  const all = Buffer.from(await whole.arrayBuffer());
  t.is(whole.status, 200);
  t.is(whole.headers.get('accept-ranges'), 'bytes');
  const part = await world.held(() => fetch(`${url}/api/v1/voice-prompts/welcome/audio?lang=zh`, { headers: { cookie: root.cookie!, range: 'bytes=100-199' } }));
  t.is(part.status, 206);
  t.is(part.headers.get('content-range'), `bytes 100-199/${all.length}`);
  t.deepEqual(Buffer.from(await part.arrayBuffer()), all.subarray(100, 200));
  const tail = await world.held(() => fetch(`${url}/api/v1/voice-prompts/welcome/audio?lang=zh`, { headers: { cookie: root.cookie!, range: 'bytes=-10' } }));
  t.is(tail.status, 206);
  t.deepEqual(Buffer.from(await tail.arrayBuffer()), all.subarray(all.length - 10));
  const beyond = await world.held(() => fetch(`${url}/api/v1/voice-prompts/welcome/audio?lang=zh`, { headers: { cookie: root.cookie!, range: `bytes=${all.length + 10}-` } }));
  t.is(beyond.status, 416);
  t.is(beyond.headers.get('content-range'), `bytes */${all.length}`);
});
