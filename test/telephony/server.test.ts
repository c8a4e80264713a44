import test from 'ava';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO, simCall, startTelephonyServer } from '../helpers/telephony.js';
import { simTokenFile } from '../../src/telephony/sim-api-access.js';

test('the line-test number answers and reads back every key; the call has its CDR and trunk log rows', async (t) => {
  const srv = await startTelephonyServer();
  try {
    const lines = await simCall(srv, { to: '95500', from: '13800138000', dtmf: '5#', hangupAfterMs: 9000 });
    const server = lines.filter((l) => l['side'] === 'server');
    t.deepEqual(server[0]?.['target'], { kind: 'line-test' });
    t.true(server.some((l) => l['event'] === 'answered'));
    const spoken = server.filter((l) => l['event'] === 'prompt').map((l) => (l['prompts'] as Array<{ id: string }>).map((p) => p.id).join('+'));
    t.deepEqual(spoken, ['linetest.intro', 'linetest.pressed+num.5', 'linetest.pressed+key.hash']);
    const done = lines.at(-1)!;
    t.is(done['event'], 'done');
    t.is(done['cause'], 16);
    await srv.services.records.flush();
    const knex = srv.services.store.knex;
    const cdrs = await knex('cdr').select('*');
    t.is(cdrs.length, 1);
    t.is(cdrs[0].disposition, 'NORMAL');
    t.is(cdrs[0].cause, 16);
    t.is(cdrs[0].called, '95500');
    t.truthy(cdrs[0].answered_at);
    t.truthy(cdrs[0].released_at);
    const trunk = await knex('trunk_access_log').select('event').orderBy('at');
    t.deepEqual(trunk.map((r: { event: string }) => r.event), ['offered', 'released']);
  } finally {
    await srv.close();
  }
});

test('a number outside the dial plan is refused with cause 1 and recorded as REJECTED', async (t) => {
  const srv = await startTelephonyServer();
  try {
    const lines = await simCall(srv, { to: '12345', from: '13900000000' });
    t.is(lines.at(-1)?.['cause'], 1);
    await srv.services.records.flush();
    const [cdr] = await srv.services.store.knex('cdr').select('*');
    t.is(cdr.disposition, 'REJECTED');
    t.is(cdr.cause, 1);
  } finally {
    await srv.close();
  }
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin', 'tellerline.js'), ...args], { timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

test('tellerline sim call prints one JSON object per event, from both sides', async (t) => {
  const srv = await startTelephonyServer();
  try {
    const r = await cli(['sim', 'call', '95500', '--from', '13800138000', '--dtmf', '7', '--hangup-after', '6', '--server', srv.simUrl, '--token-file', simTokenFile(srv.services.config)]);
    t.is(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) {
      t.is(typeof l['event'], 'string');
      t.truthy(l['time'] ?? l['at']);
    }
    t.true(lines.some((l) => l['side'] === 'caller' && l['event'] === 'answered'));
    t.true(lines.some((l) => l['side'] === 'caller' && l['event'] === 'sent-dtmf'));
    t.true(lines.some((l) => l['side'] === 'server' && l['event'] === 'prompt' && JSON.stringify(l['prompts']).includes('num.7')));
  } finally {
    await srv.close();
  }
});

test('tellerline sim against a server that is not running exits non-zero with a clear message', async (t) => {
  // A port that was just free: nothing listens there.
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const r = await cli(['sim', 'call', '95588', '--from', '1', '--server', `http://127.0.0.1:${port}`]);
  t.not(r.code, 0);
  t.regex(r.stderr, new RegExp(`no Tellerline simulator is listening at http://127.0.0.1:${port}`));
  const usage = await cli(['sim', 'call']);
  t.is(usage.code, 2);
});

test('tellerline sim call --play sends a WAV into the line and --record captures what the caller heard', async (t) => {
  const srv = await startTelephonyServer();
  try {
    const { writeWav, readWav } = await import('../helpers/wav.js');
    const { concat, silence, sine } = await import('../helpers/signal.js');
    // The digit 5 as audio in a file (770 Hz + 1336 Hz), as a caller's phone would send it.
    const a = sine(770, 120, -8);
    const b = sine(1336, 120, -8);
    const five = new Int16Array(a.length);
    for (let i = 0; i < a.length; i++) five[i] = a[i]! + b[i]!;
    const play = join(srv.simFiles, 'five.wav');
    writeWav(play, concat(silence(500), five, silence(500)));
    const record = join(srv.simFiles, 'heard.wav');
    const r = await cli(['sim', 'call', '95500', '--from', '13800138000', '--play', play, '--record', record, '--dtmf-delay', '2', '--hangup-after', '8', '--server', srv.simUrl, '--token-file', simTokenFile(srv.services.config)]);
    t.is(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    t.true(lines.some((l) => l['side'] === 'caller' && l['event'] === 'played'));
    t.true(lines.some((l) => l['side'] === 'server' && JSON.stringify(l['prompts'] ?? '').includes('num.5')), 'the bank heard the 5 in the file');
    const heard = readWav(record);
    t.is(heard.sampleRate, 8000);
    t.true(heard.samples.length > 8000 * 4, `${heard.samples.length / 8000} s recorded`);
    // Content, not only length: the read-back of the 5 is in the recording, file by file.
    const { matchSequence } = await import('../helpers/prompt-match.js');
    const promptFile = (id: string) => readWav(join(REPO, 'var', 'prompts', 'zh', `${id}.wav`)).samples;
    const readBack = lines.find((l) => l['side'] === 'server' && l['event'] === 'prompt' && JSON.stringify(l['prompts']).includes('num.5'));
    const ids = (readBack?.['prompts'] as Array<{ id: string }>).map((p) => p.id);
    t.deepEqual(ids, ['linetest.pressed', 'num.5']);
    const found = matchSequence(heard.samples, ids.map(promptFile));
    t.true(found.every((m) => m.score > 0.9), `read-back not heard: ${JSON.stringify(found)}`);
    // Control: another digit is not where the 5 was.
    const six = matchSequence(heard.samples, ['linetest.pressed', 'num.6'].map(promptFile));
    t.true(six[1]!.score < 0.9, `num.6 matched the read-back of 5: ${JSON.stringify(six)}`);
  } finally {
    await srv.close();
  }
});
