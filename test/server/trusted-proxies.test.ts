/**
 * Behind trusted proxies the client address is the X-Forwarded-For entry the proxies vouch
 * for (server.trustedProxies from the right), not what the client wrote at the left.
 */
import test from 'ava';
import { startTestServer, type TestServer } from '../helpers/server.js';

async function auditedIp(ts: TestServer, forwardedFor: string): Promise<string | null> {
  const username = `nobody-${Math.random().toString(36).slice(2)}`;
  await fetch(`${ts.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ username, password: 'whatever it is' }) });
  const row = await ts.server.services.store.knex('audit_log').where({ actor_name: username }).first('ip');
  return (row?.ip as string | undefined) ?? null;
}

test('one trusted proxy (the default): the right-most entry is the client', async (t) => {
  const ts = await startTestServer({ config: { server: { trustProxy: true } } });
  try {
    t.is(await auditedIp(ts, '6.6.6.6, 198.51.100.9'), '198.51.100.9', 'the forged left-most entry is ignored');
  } finally {
    await ts.close();
  }
});

test('two trusted proxies: the second entry from the right', async (t) => {
  const ts = await startTestServer({ config: { server: { trustProxy: true, trustedProxies: 2 } } });
  try {
    t.is(await auditedIp(ts, '6.6.6.6, 198.51.100.9, 10.0.0.2'), '198.51.100.9');
  } finally {
    await ts.close();
  }
});
