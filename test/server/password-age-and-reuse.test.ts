/**
 * The password policy over time: a password older than security.passwordMaxAgeDays holds its
 * operator to the password change (who-am-I says it expired); a new password may not be one of
 * the last security.passwordHistory, the current one included, whoever set them.
 */
import test from 'ava';
import { Client, makeOperator, startTestServer, TEST_PASSWORD } from '../helpers/server.js';
import { toDbTime } from '../../src/store/time.js';
import { useBackends } from '../helpers/backends.js';

const DAY = 86_400_000;
const backends = useBackends(test);

test('a password older than the maximum age must be replaced before anything else', async (t) => {
  const ts = await startTestServer({ config: { security: { passwordMaxAgeDays: 90 } } });
  t.teardown(() => ts.close());
  const knex = ts.server.services.store.knex;
  const old = await makeOperator(ts.server, { username: 'old-timer', role: 'auditor' });
  const recent = await makeOperator(ts.server, { username: 'recent', role: 'auditor' });
  await knex('operators').where({ id: old.id }).update({ password_changed_at: toDbTime(new Date(Date.now() - 91 * DAY)) });
  await knex('operators').where({ id: recent.id }).update({ password_changed_at: toDbTime(new Date(Date.now() - 89 * DAY)) });

  const fresh = new Client(ts.url);
  await fresh.login('recent');
  t.like((await fresh.get('/api/v1/auth/me')).body, { mustChangePassword: false, passwordExpired: false });
  t.is((await fresh.get('/api/v1/audit-log')).status, 200);

  const client = new Client(ts.url);
  t.is((await client.login('old-timer')).status, 200, 'the log-in itself works: the change needs a session');
  t.like((await client.get('/api/v1/auth/me')).body, { mustChangePassword: true, passwordExpired: true });
  const held = await client.get('/api/v1/audit-log');
  t.is(held.status, 403);
  t.is(held.body.error.code, 'password_change_required');

  t.is((await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Renewed-Pass-2027' })).status, 200);
  t.like((await client.get('/api/v1/auth/me')).body, { mustChangePassword: false, passwordExpired: false });
  t.is((await client.get('/api/v1/audit-log')).status, 200);
});

test('with a maximum age of 0 passwords never expire', async (t) => {
  const ts = await startTestServer({ config: { security: { passwordMaxAgeDays: 0 } } });
  t.teardown(() => ts.close());
  const op = await makeOperator(ts.server, { username: 'ancient', role: 'auditor' });
  await ts.server.services.store.knex('operators').where({ id: op.id }).update({ password_changed_at: toDbTime(new Date(Date.now() - 3000 * DAY)) });
  const client = new Client(ts.url);
  await client.login('ancient');
  t.like((await client.get('/api/v1/auth/me')).body, { mustChangePassword: false, passwordExpired: false });
});

backends.each('the last N passwords, the current one included, are refused; older ones come back', async (t, { database, dir }) => {
  const ts = await startTestServer({ database, dir, config: { security: { passwordHistory: 3 } } });
  t.teardown(() => ts.close());
  await makeOperator(ts.server, { username: 'cycler', role: 'auditor' });
  await makeOperator(ts.server, { username: 'boss', role: 'platform_admin' });
  const me = new Client(ts.url);
  await me.login('cycler');
  const change = (currentPassword: string, newPassword: string) => me.post('/api/v1/auth/password', { currentPassword, newPassword });

  const same = await change(TEST_PASSWORD, TEST_PASSWORD);
  t.is(same.status, 422, 'the current password is one of the last three');
  t.deepEqual(same.body.error.details, [{ path: 'body.newPassword', message: 'must differ from your last 3 passwords' }]);
  t.is((await change(TEST_PASSWORD, 'Second-Pass-222')).status, 200);
  t.is((await change('Second-Pass-222', TEST_PASSWORD)).status, 422, 'the one before is refused');
  t.is((await change('Second-Pass-222', 'Third-Pass-333')).status, 200);
  t.is((await change('Third-Pass-333', TEST_PASSWORD)).status, 422, 'two back is still refused');
  t.is((await change('Third-Pass-333', 'Fourth-Pass-444')).status, 200);
  t.is((await change('Fourth-Pass-444', TEST_PASSWORD)).status, 200, 'three back is allowed again');

  // An administrator's reset counts too: the password it replaced may not come straight back.
  const boss = new Client(ts.url);
  await boss.login('boss');
  const cyclerId = (await me.get('/api/v1/auth/me')).body.id as string;
  t.is((await boss.patch(`/api/v1/operators/${cyclerId}`, { password: 'Temporary-Pass-555' })).status, 200);
  const again = new Client(ts.url);
  await again.login('cycler', 'Temporary-Pass-555');
  t.is((await again.post('/api/v1/auth/password', { currentPassword: 'Temporary-Pass-555', newPassword: TEST_PASSWORD })).status, 422);
  t.is((await again.post('/api/v1/auth/password', { currentPassword: 'Temporary-Pass-555', newPassword: 'Fifth-Pass-666' })).status, 200);

  const kept = await ts.server.services.store.knex('operator_password_history').where({ operator_id: cyclerId }).count({ n: '*' });
  t.is(Number(kept[0]!.n), 2, 'only as many replaced hashes as the check needs are kept');
  // Hashes only: no password appears in the table.
  const rows = JSON.stringify(await ts.server.services.store.knex('operator_password_history').select('*'));
  for (const p of [TEST_PASSWORD, 'Temporary-Pass-555', 'Fourth-Pass-444']) t.false(rows.includes(p));
});
