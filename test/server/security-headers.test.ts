/**
 * Response headers and the session cookie: Permissions-Policy always, HSTS over TLS (here as
 * reported by the trusted proxy); behind a trusted proxy the session cookie is Secure and
 * named __Host-…, and a plain-name cookie is not read there.
 */
import test from 'ava';
import { makeOperator, makeTenant, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

let plain: TestServer;
let proxied: TestServer;
test.before(async () => {
  plain = await startTestServer();
  proxied = await startTestServer({ config: { server: { trustProxy: true } } });
  for (const ts of [plain, proxied]) await makeOperator(ts.server, { tenantId: (await makeTenant(ts.server, 'hdr')).id, username: 'user', role: 'agent' });
});
test.after.always(async () => {
  await plain?.close();
  await proxied?.close();
});

async function login(ts: TestServer, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${ts.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username: 'user', password: TEST_PASSWORD }) });
}

test('plain HTTP: Permissions-Policy, no HSTS, a plain session cookie', async (t) => {
  const res = await login(plain);
  t.is(res.status, 200);
  t.regex(res.headers.get('permissions-policy') ?? '', /camera=\(\)/);
  t.is(res.headers.get('strict-transport-security'), null);
  t.regex(res.headers.get('set-cookie') ?? '', /^tellerline_session=/);
});

test('behind the trusted TLS proxy: HSTS, and a Secure __Host- cookie for the whole host', async (t) => {
  const res = await login(proxied, { 'x-forwarded-proto': 'https' });
  t.is(res.status, 200);
  t.regex(res.headers.get('strict-transport-security') ?? '', /max-age=\d{7,}/);
  const cookie = res.headers.get('set-cookie') ?? '';
  t.regex(cookie, /^__Host-tellerline_session=[^;]+/);
  t.regex(cookie, /;\s*secure/i);
  t.regex(cookie, /;\s*path=\//i);
  t.notRegex(cookie, /domain=/i);
  const pair = cookie.split(';')[0]!;
  t.is((await fetch(`${proxied.url}/api/v1/auth/me`, { headers: { cookie: pair, 'x-forwarded-proto': 'https' } })).status, 200);
  const planted = pair.replace('__Host-tellerline_session', 'tellerline_session');
  t.is((await fetch(`${proxied.url}/api/v1/auth/me`, { headers: { cookie: planted, 'x-forwarded-proto': 'https' } })).status, 401, 'a plain-name cookie is not read');
});

test('behind a trusted proxy that does not say https, the cookie is Secure all the same', async (t) => {
  const res = await login(proxied);
  t.is(res.status, 200);
  t.regex(res.headers.get('set-cookie') ?? '', /^__Host-tellerline_session=[^;]+;.*secure/i);
});
