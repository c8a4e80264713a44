/**
 * The operational endpoints outside the API: /metrics and the OpenAPI document are served to
 * this host only (a request relayed by the trusted proxy is not local) unless the caller has
 * the metrics token, or a log-in for the document; /readyz gives no internal error text.
 */
import test from 'ava';
import { makeOperator, makeTenant, startTestServer, type TestServer } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123456789';
let ts: TestServer;
test.before(async () => {
  ts = await startTestServer({ config: { server: { trustProxy: true, metricsToken: METRICS_TOKEN } } });
  await makeOperator(ts.server, { tenantId: (await makeTenant(ts.server, 'sys')).id, username: 'viewer', role: 'auditor' });
});
test.after.always(async () => {
  await ts?.close();
});

const relayed = { 'x-forwarded-for': '203.0.113.7' };

test('/metrics: local scrapers read it; a relayed caller needs the metrics token', async (t) => {
  t.is((await fetch(`${ts.url}/metrics`)).status, 200);
  const outside = await fetch(`${ts.url}/metrics`, { headers: relayed });
  t.is(outside.status, 403);
  t.is(((await outside.json()) as { error: { code: string } }).error.code, 'metrics_forbidden');
  t.is((await fetch(`${ts.url}/metrics`, { headers: { ...relayed, authorization: 'Bearer wrong-token' } })).status, 403);
  t.is((await fetch(`${ts.url}/metrics`, { headers: { ...relayed, authorization: `Bearer ${METRICS_TOKEN}` } })).status, 200);
});

test('the OpenAPI document: local readers, or a logged-in caller', async (t) => {
  t.is((await fetch(`${ts.url}/api/v1/openapi.json`)).status, 200);
  t.is((await fetch(`${ts.url}/api/v1/openapi.json`, { headers: relayed })).status, 401);
  const viewer = await loginAs(ts.url, 'viewer');
  t.is((await fetch(`${ts.url}/api/v1/openapi.json`, { headers: { ...relayed, cookie: viewer.cookie! } })).status, 200);
});

test('/readyz names what is not ready without internal error text', async (t) => {
  ts.server.services.readiness.register('exploding', () => {
    throw new Error('connect ECONNREFUSED 10.1.2.3:3306 user=tellerline');
  });
  const res = await fetch(`${ts.url}/readyz`);
  t.is(res.status, 503);
  const text = await res.text();
  t.false(text.includes('10.1.2.3'), text);
  t.regex(text, /"exploding":\{"ok":false,"reason":"check failed"\}/);
});
