/**
 * An account made by create-admin must set its own password at first log-in: until it does,
 * only who-am-I, the password change and log-out answer; the change lifts the gate.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, startTestServer } from '../helpers/server.js';
import { sqliteConfig } from '../helpers/backends.js';

const bin = fileURLToPath(new URL('../../bin/tellerline.js', import.meta.url));

function createAdmin(dir: string, username: string, password: string): Promise<number | null> {
  return new Promise((resolve) => {
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], TELLERLINE_DATA_DIR: join(dir, 'data'), TELLERLINE_DATABASE_SQLITE_FILENAME: join(dir, 'db.sqlite'), TELLERLINE_SECURITY_SCRYPT_LOG2_N: '10' };
    const child = spawn(process.execPath, [bin, 'create-admin', '--username', username, '--password-stdin'], { env, stdio: ['pipe', 'ignore', 'inherit'] });
    child.stdin.end(`${password}\n`);
    child.once('exit', resolve);
  });
}

test('a create-admin account is held to the password change until it sets its own', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tellerline-firstlogin-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.is(await createAdmin(dir, 'chief', 'Given-By-Ops-2026'), 0);
  const ts = await startTestServer({ database: sqliteConfig(join(dir, 'db.sqlite')), dir });
  t.teardown(() => ts.close());

  const chief = new Client(ts.url);
  t.is((await chief.login('chief', 'Given-By-Ops-2026')).status, 200);
  const me = await chief.request('GET', '/api/v1/auth/me');
  t.is(me.status, 200);
  t.true(me.body.mustChangePassword);
  const held = await chief.request('GET', '/api/v1/operators');
  t.is(held.status, 403);
  t.is(held.body.error.code, 'password_change_required');

  const changed = await chief.request('POST', '/api/v1/auth/password', { currentPassword: 'Given-By-Ops-2026', newPassword: 'Picked-My-Own-88' });
  t.is(changed.status, 200);
  t.false((await chief.request('GET', '/api/v1/auth/me')).body.mustChangePassword);
  t.is((await chief.request('GET', '/api/v1/operators')).status, 200);
});

test('operators made through the API are not held (their administrator may reset them later)', async (t) => {
  const ts = await startTestServer();
  t.teardown(() => ts.close());
  const { makeOperator } = await import('../helpers/server.js');
  await makeOperator(ts.server, { username: 'plain', role: 'auditor' });
  const plain = new Client(ts.url);
  await plain.login('plain');
  t.false((await plain.request('GET', '/api/v1/auth/me')).body.mustChangePassword);
  t.is((await plain.request('GET', '/api/v1/audit-log')).status, 200);
});
