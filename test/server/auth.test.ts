/**
 * Authentication: cookie attributes, CSRF, lockout and unlock, API tokens, password change,
 * sessions stored hashed.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, Client, makeOperator, makeTenant, TEST_PASSWORD, type TestServer } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { sha256 } from '../../src/auth/secrets.js';

let ts: TestServer;
let tenantId: string;

test.before(async () => {
  ts = await startTestServer({ config: { security: { lockoutThreshold: 3, lockoutSeconds: 60 } } });
  tenantId = (await makeTenant(ts.server, 'auth-bank')).id;
  await makeOperator(ts.server, { tenantId, username: 'boss', role: 'bank_admin' });
});
test.after.always(async () => {
  await ts?.close();
});

test.serial('login sets an HttpOnly SameSite=Strict session cookie, stored hashed on the server', async (t) => {
  const res = await fetch(`${ts.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'boss', password: TEST_PASSWORD }) });
  t.is(res.status, 200);
  const cookie = res.headers.get('set-cookie')!;
  t.regex(cookie, /^tellerline_session=[^;]+/);
  t.regex(cookie, /httponly/i);
  t.regex(cookie, /samesite=strict/i);
  t.notRegex(cookie, /secure/i, 'not Secure over plain HTTP');
  const sessionId = /^tellerline_session=([^;]+)/.exec(cookie)![1]!;
  const rows = await ts.server.services.store.knex('sessions').select('id_hash');
  t.true(rows.some((r: { id_hash: string }) => r.id_hash === sha256(sessionId)));
  t.false(JSON.stringify(rows).includes(sessionId), 'the clear session id is not stored');
  const body = (await res.json()) as { csrfToken: string; operator: Record<string, unknown> };
  t.truthy(body.csrfToken);
  t.false('passwordHash' in body.operator);
});

test.serial('cookies are Secure behind a trusted proxy that says https', async (t) => {
  const proxied = await startTestServer({ config: { server: { trustProxy: true } } });
  try {
    await makeOperator(proxied.server, { username: 'proxied', role: 'platform_admin' });
    const res = await fetch(`${proxied.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ username: 'proxied', password: TEST_PASSWORD }),
    });
    t.is(res.status, 200);
    t.regex(res.headers.get('set-cookie')!, /secure/i);
    const entry = await proxied.server.services.store.knex('audit_log').where({ action: 'auth.login' }).first();
    t.is(entry.ip, '203.0.113.9', 'the client address comes from the trusted proxy');
  } finally {
    await proxied.close();
  }
});

test.serial('unsafe requests on a cookie session need the CSRF token', async (t) => {
  const client = await loginAs(ts.url, 'boss');
  const without = await client.request('POST', '/api/v1/api-tokens', { name: 'x', role: 'agent' }, { csrf: false });
  t.is(without.status, 403);
  t.is(without.body.error.code, 'csrf_failed');
  const wrong = await client.request('POST', '/api/v1/api-tokens', { name: 'x', role: 'agent' }, { csrf: false, headers: { 'x-csrf-token': 'forged' } });
  t.is(wrong.status, 403);
  t.is(wrong.body.error.code, 'csrf_failed');
  const right = await client.post('/api/v1/api-tokens', { name: 'x', role: 'agent' });
  t.is(right.status, 201);
  // Safe methods need no token, and /auth/me gives it back after a reload.
  const me = await client.get('/api/v1/auth/me');
  t.is(me.status, 200);
  t.is(me.body.csrfToken, client.csrf);
});

test.serial('failed logins lock the account; the right password is refused while locked; an admin unlocks', async (t) => {
  await makeOperator(ts.server, { tenantId, username: 'clumsy', role: 'agent' });
  const anonymous = new Client(ts.url);
  for (let i = 0; i < 3; i++) {
    const res = await anonymous.login('clumsy', 'wrong password');
    t.is(res.status, 401);
    t.is(res.body.error.code, 'login_failed');
  }
  const locked = await anonymous.login('clumsy', TEST_PASSWORD);
  t.is(locked.status, 423);
  t.is(locked.body.error.code, 'account_locked');
  t.truthy(locked.headers.get('retry-after'));

  const admin = await loginAs(ts.url, 'boss');
  const list = await admin.get('/api/v1/operators');
  const clumsy = list.body.items.find((o: { username: string }) => o.username === 'clumsy');
  t.true(clumsy.locked);
  const unlocked = await admin.post(`/api/v1/operators/${clumsy.id}/unlock`);
  t.is(unlocked.status, 200);
  t.false(unlocked.body.locked);
  t.is((await new Client(ts.url).login('clumsy')).status, 200);
});

test.serial('unknown users and wrong passwords get the same answer', async (t) => {
  const a = await new Client(ts.url).login('nobody-at-all', 'whatever');
  const b = await new Client(ts.url).login('boss', 'whatever');
  t.is(a.status, 401);
  t.deepEqual(a.body, b.body);
});

test.serial('API tokens: shown once, authenticate as Bearer without CSRF, stored hashed, revocable', async (t) => {
  const admin = await loginAs(ts.url, 'boss');
  const created = await admin.post('/api/v1/api-tokens', { name: 'wallboard', role: 'supervisor' });
  t.is(created.status, 201);
  const token = created.body.token as string;
  t.regex(token, /^tlk_/);
  const listed = await admin.get('/api/v1/api-tokens');
  t.false(listed.text.includes(token), 'the list never shows the secret');
  const rows = JSON.stringify(await ts.server.services.store.knex('api_tokens').select());
  t.false(rows.includes(token));

  const machine = Client.withToken(ts.url, token);
  const me = await machine.get('/api/v1/auth/me');
  t.is(me.status, 200);
  t.is(me.body.kind, 'token');
  t.is(me.body.role, 'supervisor');
  t.is(me.body.tenantId, tenantId);

  t.is((await admin.delete(`/api/v1/api-tokens/${created.body.apiToken.id}`)).status, 204);
  const after = await machine.get('/api/v1/auth/me');
  t.is(after.status, 401);
  t.is(after.body.error.code, 'invalid_token');
  t.is((await Client.withToken(ts.url, 'tlk_made-up').get('/api/v1/cdr')).status, 401);
});

test.serial('a bank administrator cannot hand out platform roles or reach into another tenant', async (t) => {
  const admin = await loginAs(ts.url, 'boss');
  const escalate = await admin.post('/api/v1/api-tokens', { name: 'root', role: 'platform_admin' });
  t.is(escalate.status, 403);
  const op = await admin.post('/api/v1/operators', { username: 'wannabe', displayName: 'x', role: 'platform_admin', password: 'Wannabe-Pass-123' });
  t.is(op.status, 403);
  const other = await makeTenant(ts.server, 'other-bank');
  const cross = await admin.post('/api/v1/operators', { username: 'spy', displayName: 'x', role: 'agent', password: 'Spy-Pass-12345', tenantId: other.id });
  t.is(cross.status, 403);
  t.is(cross.body.error.code, 'tenant_forbidden');
});

test.serial('changing one\'s password needs the current one, follows the policy, ends other sessions', async (t) => {
  await makeOperator(ts.server, { tenantId, username: 'changer', role: 'agent' });
  const first = await loginAs(ts.url, 'changer');
  const second = await loginAs(ts.url, 'changer');
  const wrong = await first.post('/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'Brand-New-Pass-1' });
  t.is(wrong.status, 422);
  const weak = await first.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
  t.is(weak.status, 422);
  t.is(weak.body.error.code, 'validation_failed');
  const ok = await first.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Brand-New-Pass-1' });
  t.is(ok.status, 200);
  t.is((await first.get('/api/v1/auth/me')).status, 200, 'this session goes on');
  t.is((await second.get('/api/v1/auth/me')).status, 401, 'the other session ended');
  t.is((await new Client(ts.url).login('changer', 'Brand-New-Pass-1')).status, 200);
  t.is((await new Client(ts.url).login('changer', TEST_PASSWORD)).status, 401);
});

test.serial('logout ends the session and clears the cookie', async (t) => {
  const client = await loginAs(ts.url, 'boss');
  const cookie = client.cookie!;
  t.is((await client.post('/api/v1/auth/logout')).status, 204);
  const stale = new Client(ts.url);
  stale.cookie = cookie;
  t.is((await stale.get('/api/v1/auth/me')).status, 401);
});

test.serial('passwords are stored as salted scrypt hashes with their parameters', async (t) => {
  const rows = await ts.server.services.store.knex('operators').select('password_hash');
  const hashes = rows.map((r: { password_hash: string }) => r.password_hash);
  for (const h of hashes) t.regex(h, /^scrypt\$\d+\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
  t.is(new Set(hashes).size, hashes.length, 'same password, different salts, different hashes');
});

test.serial('expired sessions and elapsed lockouts', async (t) => {
  const knex = ts.server.services.store.knex;
  await makeOperator(ts.server, { tenantId, username: 'expiring', role: 'agent' });
  const client = await loginAs(ts.url, 'expiring');
  t.is((await client.get('/api/v1/auth/me')).status, 200);
  await knex('sessions').update({ expires_at: '2000-01-01 00:00:00.000' });
  t.is((await client.get('/api/v1/auth/me')).status, 401, 'an expired session no longer authenticates');

  await knex('operators').where({ username: 'expiring' }).update({ locked_until: '2000-01-01 00:00:00.000' });
  t.is((await new Client(ts.url).login('expiring')).status, 200, 'a lockout whose time has passed no longer applies');
});

test.serial('disabling a tenant or an operator shuts its sessions and tokens out', async (t) => {
  const other = await makeTenant(ts.server, 'closing-bank');
  await makeOperator(ts.server, { tenantId: other.id, username: 'closing-admin', role: 'bank_admin' });
  await makeOperator(ts.server, { username: 'closing-root', role: 'platform_admin' });
  const admin = await loginAs(ts.url, 'closing-admin');
  const token = (await admin.post('/api/v1/api-tokens', { name: 'board', role: 'supervisor' })).body.token as string;
  const root = await loginAs(ts.url, 'closing-root');
  t.is((await root.patch(`/api/v1/tenants/${other.id}`, { status: 'disabled' })).status, 200);
  t.is((await admin.get('/api/v1/auth/me')).status, 401);
  t.is((await Client.withToken(ts.url, token).get('/api/v1/auth/me')).status, 401);
  t.is((await new Client(ts.url).login('closing-admin')).status, 401);

  const boss = await loginAs(ts.url, 'boss');
  const victim = await makeOperator(ts.server, { tenantId, username: 'to-disable', role: 'agent' });
  const victimClient = await loginAs(ts.url, 'to-disable');
  t.is((await boss.patch(`/api/v1/operators/${victim.id}`, { disabled: true })).status, 200);
  t.is((await victimClient.get('/api/v1/auth/me')).status, 401);
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
(hasOpenssl ? test.serial : test.serial.skip)('under TLS the server speaks HTTPS and the session cookie is Secure', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tellerline-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  t.is(made.status, 0, made.stderr?.toString());
  const secure = await startTestServer({ config: { server: { tls: { cert, key } } } });
  try {
    t.regex(secure.url, /^https:\/\//);
    await makeOperator(secure.server, { username: 'tls-root', role: 'platform_admin' });
    const res = await new Promise<{ status: number; cookie: string }>((resolveReq, reject) => {
      const req = httpsRequest(`${secure.url}/api/v1/auth/login`, { method: 'POST', ca: readFileSync(cert), headers: { 'content-type': 'application/json' } }, (r) => {
        r.resume();
        r.on('end', () => resolveReq({ status: r.statusCode ?? 0, cookie: String(r.headers['set-cookie'] ?? '') }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ username: 'tls-root', password: TEST_PASSWORD }));
    });
    t.is(res.status, 200);
    t.regex(res.cookie, /;\s*secure/i);
    t.regex(res.cookie, /httponly/i);
  } finally {
    await secure.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
