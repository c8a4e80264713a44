/**
 * The simulator control API serves only requests that name this machine in their Host header:
 * a web page using DNS rebinding (its requests name the attacker's host) is refused.
 */
import test from 'ava';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { telephonyModule } from '../../src/telephony/module.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let ts: TestServer;
test.before(async () => {
  ts = await startTestServer({
    config: { card: { kind: 'virtual', clock: 'freerun', trunks: 1, stations: 0 }, coreSim: { enabled: false }, sim: { enabled: true, port: 0 }, telephony: { promptsDir: resolve('var/prompts') } },
    modules: [telephonyModule()],
  });
});
test.after.always(async () => {
  await ts?.close();
});

function get(path: string, host: string): Promise<number> {
  const url = new URL(ts.server.services.sim!.apiUrl!);
  return new Promise((resolveStatus, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path, headers: { host, authorization: `Bearer ${ts.server.services.sim!.apiToken}` } }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('a request naming another host is refused; this machine is served', async (t) => {
  const port = new URL(ts.server.services.sim!.apiUrl!).port;
  t.is(await get('/sim/status', `evil.example:${port}`), 403);
  t.is(await get('/sim/status', `127.0.0.1:${port}`), 200);
  t.is(await get('/sim/status', `localhost:${port}`), 200);
});
