/**
 * The simulator control API: a token on every request (constant-time check), and every file
 * path it takes inside one directory (no "..", no absolute path elsewhere, no symlink out).
 */
import test from 'ava';
import { mkdirSync, statSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simTokenFile } from '../../src/telephony/sim-api-access.js';
import { startTelephonyServer, type TelephonyTestServer } from '../helpers/telephony.js';

let srv: TelephonyTestServer;
test.before(async () => {
  srv = await startTelephonyServer();
});
test.after.always(async () => {
  await srv?.close();
});

async function api(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<{ status: number; body: any }> {
  const token = init.token === undefined ? srv.simToken : init.token;
  const res = await fetch(`${srv.simUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text.split('\n')[0]!) : null };
}

test('no token, a wrong token: 401, nothing done; the right one works', async (t) => {
  for (const token of [null, 'x'.repeat(43), `${srv.simToken}x`, '']) {
    const res = await api('/sim/lines/13900000009', { method: 'PUT', body: { behavior: { kind: 'busy' } }, token });
    t.is(res.status, 401);
    t.is(res.body.error.code, 'unauthenticated');
  }
  t.is((await api('/sim/status')).status, 200);
});

test('the generated token is in <data.dir>/sim-api.token, readable by the server\'s user only', (t) => {
  const file = simTokenFile(srv.services.config);
  t.is(readFileSync(file, 'utf8').trim(), srv.simToken);
  t.is(statSync(file).mode & 0o777, 0o600);
  t.true(srv.simToken.length >= 32);
});

test('paths outside the files directory are refused with a clear message; inside, they are taken', async (t) => {
  const outside = join(srv.dir, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret.wav'), 'not for the simulator');
  symlinkSync(join(outside, 'secret.wav'), join(srv.simFiles, 'link-out.wav'));
  symlinkSync(outside, join(srv.simFiles, 'dir-out'));
  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['play ..', { to: '95500', from: '1380013800', play: '../outside/secret.wav' }, /play: "\.\." is not allowed/],
    ['play absolute', { to: '95500', from: '1380013800', play: join(outside, 'secret.wav') }, /play: .* is outside/],
    ['play /etc/passwd', { to: '95500', from: '1380013800', play: '/etc/passwd' }, /is outside/],
    ['play a link out', { to: '95500', from: '1380013800', play: 'link-out.wav' }, /leads outside/],
    ['record into a linked directory', { to: '95500', from: '1380013800', record: 'dir-out/heard.wav' }, /record: .* leads outside/],
    ['record over a link', { to: '95500', from: '1380013800', record: 'link-out.wav' }, /record: .*(leads outside|is a link)/],
    ['audio socket elsewhere', { to: '95500', from: '1380013800', audioSocket: join(outside, 'x.sock') }, /audioSocket: .* is outside/],
  ];
  for (const [label, script, message] of refused) {
    const res = await api('/sim/calls', { method: 'POST', body: script });
    t.is(res.status, 400, label);
    t.is(res.body.error.code, 'bad_request', label);
    t.regex(res.body.error.message, message, label);
  }
  for (const behavior of [
    { kind: 'fax', receiveInto: join(outside, 'stolen.tiff') },
    { kind: 'fax', send: '/etc/passwd' },
    { kind: 'answer', play: '../outside/secret.wav' },
  ]) {
    const res = await api('/sim/lines/13900000010', { method: 'PUT', body: { behavior } });
    t.is(res.status, 400, JSON.stringify(behavior));
  }
  t.is(srv.services.telephony!.activeCalls().length, 0, 'no call was placed');

  // Inside the directory, relative or absolute: accepted.
  const ok = await api('/sim/lines/13900000011', { method: 'PUT', body: { behavior: { kind: 'fax', receiveInto: 'in.tiff' } } });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  const abs = await api('/sim/lines/13900000012', { method: 'PUT', body: { behavior: { kind: 'fax', receiveInto: join(srv.simFiles, 'in2.tiff') } } });
  t.is(abs.status, 200, JSON.stringify(abs.body));
});
