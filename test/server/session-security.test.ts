/**
 * Passwords and sessions: an idle session ends, a password an administrator set must be
 * replaced before anything else, a password change moves the session to a new id, old hashes
 * are redone at the configured cost on log-in, and the CSRF check refuses any wrong token.
 */
import test from 'ava';
import { parseConfig } from '../../src/config/load.js';
import { hashPassword } from '../../src/auth/password.js';
import { Client, makeOperator, makeTenant, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';

let ts: TestServer;
let tenantId: string;
test.before(async () => {
  ts = await startTestServer({ config: { security: { scryptLog2N: 11 } } });
  tenantId = (await makeTenant(ts.server, 'sessions')).id;
  await makeOperator(ts.server, { tenantId, username: 'chief', role: 'bank_admin' });
});
test.after.always(async () => {
  await ts?.close();
});

test('the default scrypt cost is N = 2^17', (t) => {
  t.is(parseConfig({}).security.scryptLog2N, 17);
  t.is(parseConfig({}).security.sessionIdleSeconds, 1800);
});

test.serial('a session unused for longer than sessionIdleSeconds ends', async (t) => {
  await makeOperator(ts.server, { tenantId, username: 'idler', role: 'agent' });
  const client = await loginAs(ts.url, 'idler');
  t.is((await client.get('/api/v1/auth/me')).status, 200);
  const knex = ts.server.services.store.knex;
  const operator = await knex('operators').where({ username: 'idler' }).first();
  await knex('sessions').where({ operator_id: operator.id }).update({ last_seen_at: '2000-01-01 00:00:00.000', created_at: '2000-01-01 00:00:00.000' });
  t.is((await client.get('/api/v1/auth/me')).status, 401);
});

test.serial('after an administrator sets a password, its owner must change it before anything else', async (t) => {
  const op = await makeOperator(ts.server, { tenantId, username: 'forgetful', role: 'supervisor' });
  const chief = await loginAs(ts.url, 'chief');
  t.is((await chief.patch(`/api/v1/operators/${op.id}`, { password: 'Admin-Set-Pass-1' })).status, 200);
  const user = await loginAs(ts.url, 'forgetful', 'Admin-Set-Pass-1');
  const refused = await user.get('/api/v1/operators');
  t.is(refused.status, 403);
  t.is(refused.body.error.code, 'password_change_required');
  t.is((await user.get('/api/v1/auth/me')).status, 200);
  t.is((await user.post('/api/v1/auth/password', { currentPassword: 'Admin-Set-Pass-1', newPassword: 'Own-Chosen-Pass-2' })).status, 200);
  t.is((await user.get('/api/v1/operators')).status, 200, 'allowed once changed');
});

test.serial('a password change moves the session to a new id: the old cookie no longer works', async (t) => {
  await makeOperator(ts.server, { tenantId, username: 'mover', role: 'agent' });
  const client = await loginAs(ts.url, 'mover');
  const oldCookie = client.cookie!;
  const oldCsrf = client.csrf!;
  const changed = await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Moved-Pass-333' });
  t.is(changed.status, 200);
  t.not(client.cookie, oldCookie);
  t.not(client.csrf, oldCsrf);
  t.is((await client.get('/api/v1/auth/me')).status, 200, 'the caller goes on');
  const stale = new Client(ts.url);
  stale.cookie = oldCookie;
  t.is((await stale.get('/api/v1/auth/me')).status, 401, 'whoever had the old id is out');
});

test.serial('a hash of a lower cost is redone at the configured cost on log-in', async (t) => {
  const op = await makeOperator(ts.server, { tenantId, username: 'oldtimer', role: 'agent' });
  const knex = ts.server.services.store.knex;
  await knex('operators').where({ id: op.id }).update({ password_hash: await hashPassword(TEST_PASSWORD, 10) });
  await loginAs(ts.url, 'oldtimer');
  const row = await knex('operators').where({ id: op.id }).first('password_hash');
  t.regex(row.password_hash, /^scrypt\$11\$/);
  t.is((await new Client(ts.url).login('oldtimer')).status, 200, 'the same password still works');
});

test.serial('a wrong CSRF token of any length is refused', async (t) => {
  const client = await loginAs(ts.url, 'chief');
  for (const token of ['x', client.csrf!.slice(1), `${client.csrf!}x`]) {
    const res = await client.request('POST', '/api/v1/auth/logout', undefined, { headers: { 'x-csrf-token': token }, csrf: false });
    t.is(res.status, 403);
    t.is(res.body.error.code, 'csrf_failed');
  }
});
