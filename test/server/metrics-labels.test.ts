/**
 * Requests refused before routing (unknown bearer token, wrong method, wrong media type, body
 * too large) are counted under the route label `unmatched`: an anonymous caller cannot grow
 * /metrics with paths of its own making.
 */
import test from 'ava';
import { startTestServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
test.before(async () => {
  srv = await startTestServer({ config: { server: { bodyLimitBytes: 1024 } } });
});
test.after.always(async () => {
  await srv?.close();
});

test('requests refused before routing carry the route label "unmatched", never their path', async (t) => {
  const junk = { authorization: 'Bearer tl_junk_token_0000' };
  const sent = [
    await fetch(`${srv.url}/api/v1/made-up-401-path`, { headers: junk }),
    await fetch(`${srv.url}/api/v1/tenants/made-up-405-path`, { method: 'PUT', headers: junk }),
    await fetch(`${srv.url}/api/v1/made-up-415-path`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
    await fetch(`${srv.url}/api/v1/made-up-413-path`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'y'.repeat(4096) }) }),
    // Outside /api the web application answers every GET (its own 404 page): a made-up API path is unmatched.
    await fetch(`${srv.url}/api/made-up-404-path`),
    await fetch(`${srv.url}/healthz`),
  ];
  t.deepEqual(
    sent.map((r) => r.status),
    [401, 401, 415, 413, 404, 200],
  );
  const scrape = await (await fetch(`${srv.url}/metrics`)).text();
  t.false(scrape.includes('made-up'), 'no made-up path in the metrics');
  for (const status of ['401', '415', '413', '404']) t.regex(scrape, new RegExp(`tellerline_http_requests_total\\{[^}]*route="unmatched"[^}]*status="${status}"`));
  t.regex(scrape, /route="\/healthz",status="200"/, 'system endpoints keep their own label');
});
