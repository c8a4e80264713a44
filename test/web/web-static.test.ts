/**
 * Serving the built web application: hashed assets cached for good, index.html revalidated,
 * the browser's routes answered with index.html, the API and system endpoints untouched, the CSP
 * on every page; no build → API only, said at start.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

let ts: TestServer;
let webDir: string;

test.before(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'tellerline-webdist-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), INDEX);
  writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("app")');
  ts = await startTestServer({ config: { server: { webDir } } });
});

test.after.always(async () => {
  await ts?.close();
  rmSync(webDir, { recursive: true, force: true });
});

test('a hashed asset is served with a year of immutable caching, not the API no-store', async (t) => {
  const res = await fetch(`${ts.url}/assets/index-abc123.js`);
  t.is(res.status, 200);
  t.is(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  t.regex(res.headers.get('content-type') ?? '', /^text\/javascript/);
  t.is(await res.text(), 'console.log("app")');
});

test('index.html is revalidated every time and carries the CSP', async (t) => {
  const res = await fetch(`${ts.url}/`);
  t.is(res.status, 200);
  t.is(res.headers.get('cache-control'), 'no-cache');
  t.regex(res.headers.get('content-type') ?? '', /^text\/html/);
  const csp = res.headers.get('content-security-policy') ?? '';
  for (const directive of ["script-src 'self'", "style-src 'self' 'unsafe-inline'", "connect-src 'self'", "media-src 'self' blob:", "frame-ancestors 'none'"]) {
    t.true(csp.includes(directive), directive);
  }
  t.is(await res.text(), INDEX);
});

test('a browser route gets index.html (the SPA fallback), a missing asset a 404', async (t) => {
  for (const path of ['/operators', '/acd/queues/general', '/no/such/page']) {
    const res = await fetch(`${ts.url}${path}`);
    t.is(res.status, 200, path);
    t.is(await res.text(), INDEX, path);
  }
  t.is((await fetch(`${ts.url}/assets/index-gone.js`)).status, 404);
});

test('the API, /healthz, /readyz and /metrics are not the application', async (t) => {
  const unknown = await fetch(`${ts.url}/api/v1/no-such-thing`);
  t.is(unknown.status, 404);
  t.regex(unknown.headers.get('content-type') ?? '', /json/);
  t.is(unknown.headers.get('cache-control'), 'no-store');
  const health = await fetch(`${ts.url}/healthz`);
  t.deepEqual(await health.json(), { status: 'ok' });
  t.regex((await (await fetch(`${ts.url}/metrics`)).text()), /# HELP/);
  t.is((await fetch(`${ts.url}/readyz`)).headers.get('content-type')?.includes('json'), true);
  const post = await fetch(`${ts.url}/operators`, { method: 'POST' });
  t.not(post.status, 200, 'only GET and HEAD reach the application');
});

test('a path that climbs out of the build is not served', async (t) => {
  for (const path of ['/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', '/..%2f..%2f..%2f..%2fetc%2fpasswd']) {
    const res = await fetch(`${ts.url}${path}`);
    const text = await res.text();
    t.false(text.includes('root:'), path);
    t.true(res.status === 404 || text === INDEX, path);
  }
});

test('without a built application the server runs API-only and says so at start', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'tellerline-noweb-'));
  const api = await startTestServer({ config: { server: { webDir: empty } } });
  try {
    t.true(api.logLines.some((l) => l.includes('web application not built: serving the API only')));
    t.is((await fetch(`${api.url}/`)).status, 404);
    t.is((await fetch(`${api.url}/healthz`)).status, 200);
  } finally {
    await api.close();
    rmSync(empty, { recursive: true, force: true });
  }
});
