/**
 * Voicemail: greeting and beep, the caller's message recorded until '#', silence or the
 * maximum length, a row for staff, the audio downloadable by permitted roles (audited), and
 * marking a message handled. Messages of silence are not kept.
 */
import test from 'ava';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ivrSettingsRepo } from '../../src/ivr/store/settings-repo.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator } from '../helpers/server.js';
import { matchSequence } from '../helpers/prompt-match.js';
import { concat, estimateFrequency, segments, silence, sine } from '../helpers/signal.js';
import { readWav } from '../helpers/wav.js';
import { Caller, IvrWorld, PROMPTS_DIR } from './harness.js';

let world: IvrWorld;
let url: string;

test.before(async () => {
  world = await IvrWorld.start({ time: '10:00' });
  url = await world.held(async () => {
    const listening = await world.server.listen(0, '127.0.0.1');
    for (const role of ['agent', 'supervisor', 'auditor', 'bank_admin'] as const) {
      await makeOperator(world.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: `vm-${role}`, role });
    }
    return listening.url;
  });
});
test.after.always(async () => {
  await world?.close();
});

async function login(role: string): Promise<Client> {
  return world.held(async () => {
    const client = new Client(url);
    const res = await client.login(`vm-${role}`);
    if (res.status !== 200) throw new Error(res.text);
    return client;
  });
}

/**
 * Main menu 8, then waits until the greeting and beep are over (recording starts). With
 * `capture`, what the caller hears from then on is recorded into that file.
 */
async function leaveMessage(capture?: string): Promise<Caller> {
  const caller = await world.dial({ from: '13912345678' });
  await caller.answer('lang.choose.zh', '1');
  await caller.prompt('menu.main');
  if (capture) await caller.sim.record(capture);
  await caller.press('8');
  const greeting = await caller.prompt('voicemail.intro');
  const ids = greeting.prompts.map((p) => p.id);
  if (ids.at(-1) !== 'tone.beep') throw new Error(`the greeting should end with the beep: ${ids.join(',')}`);
  await caller.event((e) => e.type === 'prompt-done', 'the end of the greeting');
  return caller;
}

function messages(): Promise<Array<Record<string, unknown>>> {
  return world.held(() => world.knex('voicemail_messages').orderBy('created_at').select());
}

test.serial('a message ended with # is stored, listed, downloaded (audited) and marked handled', async (t) => {
  const capture = join(world.dir, 'caller-heard.wav');
  const caller = await leaveMessage(capture);
  await caller.sim.play(sine(440, 2000, -15));
  await caller.press('#');
  await caller.prompt('voicemail.saved', { only: true });
  await caller.sim.stopRecording();
  // The caller heard the greeting and then the beep, as audio on the line.
  const heard = readWav(capture).samples;
  const prompt = (id: string) => readWav(join(PROMPTS_DIR, 'zh', `${id}.wav`)).samples;
  const greeting = matchSequence(heard, [prompt('voicemail.intro'), prompt('tone.beep')]);
  t.true(greeting.every((m) => m.score > 0.9), `greeting and beep not heard: ${JSON.stringify(greeting)}`);
  const beepAt = greeting[1]!.offset;
  t.true(Math.abs(estimateFrequency(heard, beepAt, beepAt + prompt('tone.beep').length) - 1000) < 10, 'the beep is at 1000 Hz');
  // Control: a tone of another pitch, as long as the beep, is not found where the beep was.
  const other = matchSequence(heard, [prompt('voicemail.intro'), sine(1400, prompt('tone.beep').length / 8, -10)]);
  t.true(other[1]!.score < 0.9, `a 1400 Hz tone matched the beep: ${JSON.stringify(other)}`);
  await caller.prompt('goodbye');
  await caller.ended();
  const rows = await messages();
  t.is(rows.length, 1);
  const row = rows[0]!;
  t.like(row, { tenant_id: DEFAULT_BANK_TENANT_ID, calling: '13912345678', called: '95588', reason: 'caller-choice', status: 'new', lang: 'zh' });
  t.true(Number(row['duration_ms']) >= 2000 && Number(row['duration_ms']) < 6000, String(row['duration_ms']));
  t.true(existsSync(join(world.dir, 'data', 'voicemail', String(row['file']))));
  t.is(row['leg_id'], caller.active.legId);

  const agent = await login('agent');
  const list = await world.held(() => agent.get('/api/v1/voicemail?status=new'));
  t.is(list.status, 200);
  t.is(list.body.items.length, 1);
  t.false('file' in list.body.items[0], 'the file path is not exposed');
  const audio = await world.held(() => fetch(`${url}/api/v1/voicemail/${row['id']}/audio`, { headers: { cookie: agent.cookie! } }));
  t.is(audio.status, 200);
  t.is(audio.headers.get('content-type'), 'audio/wav');
  const bytes = Buffer.from(await audio.arrayBuffer());
  t.is(bytes.toString('ascii', 0, 4), 'RIFF');
  // The message holds what the caller said: the 440 Hz tone, not silence and not the beep.
  const downloaded = join(world.dir, 'downloaded.wav');
  writeFileSync(downloaded, bytes);
  const message = readWav(downloaded).samples;
  const loud = segments(message, -30).filter((seg) => seg.on && seg.durationMs >= 1500);
  t.is(loud.length, 1, JSON.stringify(segments(message, -30)));
  const from = (loud[0]!.startMs + 200) * 8;
  const to = (loud[0]!.startMs + loud[0]!.durationMs - 200) * 8;
  t.true(Math.abs(estimateFrequency(message, from, to) - 440) < 5, `message tone at ${estimateFrequency(message, from, to)} Hz`);
  const downloads = await world.held(() => world.knex('audit_log').where({ action: 'voicemail.download', target_id: row['id'] }).select());
  t.is(downloads.length, 1);

  const handled = await world.held(() => agent.post('/api/v1/voicemail/mark', { ids: [row['id']], status: 'handled' }));
  t.is(handled.status, 200, handled.text);
  t.is(handled.body.updated[0].status, 'handled');
  t.is(handled.body.updated[0].handledBy, 'vm-agent');
  const open = await world.held(() => agent.get('/api/v1/voicemail?status=new'));
  t.is(open.body.items.length, 0);

  // Auditors may listen but not change; only roles with voicemail:write mark messages.
  const auditor = await login('auditor');
  t.is((await world.held(() => auditor.get(`/api/v1/voicemail/${row['id']}`))).status, 200);
  t.is((await world.held(() => auditor.post('/api/v1/voicemail/mark', { ids: [row['id']], status: 'new' }))).status, 403);
});

test.serial('recording stops after the caller falls silent, and at the maximum length', async (t) => {
  await world.held(() => ivrSettingsRepo.put(world.knex, DEFAULT_BANK_TENANT_ID, { voicemail: { maxSeconds: 12, silenceSeconds: 3 } }, 'test'));
  const before = (await messages()).length;
  const quiet = await leaveMessage();
  await quiet.sim.play(concat(sine(300, 1500, -12), silence(200)));
  await quiet.prompt('voicemail.saved');
  await quiet.hangUp();
  const afterQuiet = await messages();
  t.is(afterQuiet.length, before + 1);
  const quietMs = Number(afterQuiet.at(-1)!['duration_ms']);
  t.true(quietMs >= 3000 && quietMs < 12_000, `stopped by silence after ${quietMs} ms`);

  const long = await leaveMessage();
  await long.sim.play(sine(300, 15_000, -12));
  await long.prompt('voicemail.saved');
  await long.hangUp();
  const afterLong = await messages();
  t.is(Number(afterLong.at(-1)!['duration_ms']), 12_000, 'stopped at the maximum length');
  await world.held(() => ivrSettingsRepo.put(world.knex, DEFAULT_BANK_TENANT_ID, {}, 'test'));
});

test.serial('a message of silence is not kept', async (t) => {
  const before = (await messages()).length;
  const caller = await leaveMessage();
  await caller.prompt('voicemail.empty');
  await caller.hangUp();
  t.is((await messages()).length, before);
});

test.serial('a caller who hangs up while recording leaves the message', async (t) => {
  const before = (await messages()).length;
  const caller = await leaveMessage();
  await caller.sim.play(sine(500, 1500, -15));
  await caller.hangUp();
  // The message is stored after the hang-up: wait for the row (the card's clock is held).
  let rows = await messages();
  for (let i = 0; i < 250 && rows.length === before; i++) {
    await new Promise((r) => setTimeout(r, 20));
    rows = await messages();
  }
  t.is(rows.length, before + 1);
  t.true(Number(rows.at(-1)!['duration_ms']) >= 1500);
});
