/**
 * The log-in answers do not tell which user names exist: an unknown name fails, locks and
 * answers while locked exactly like a real account.
 */
import test from 'ava';
import { makeOperator, makeTenant, Client, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

let ts: TestServer;
test.before(async () => {
  ts = await startTestServer();
  const tenant = await makeTenant(ts.server, 'enum');
  await makeOperator(ts.server, { tenantId: tenant.id, username: 'real-user', role: 'agent' });
});
test.after.always(async () => {
  await ts?.close();
});

async function answers(username: string): Promise<string[]> {
  const client = new Client(ts.url);
  const seen: string[] = [];
  // Three wrong passwords (the test server's lockout threshold), then the real user's password.
  for (const password of ['wrong 1', 'wrong 2', 'wrong 3', TEST_PASSWORD]) {
    const res = await client.login(username, password);
    seen.push(`${res.status} ${res.body?.error?.code} ${res.body?.error?.message} retry-after:${res.headers.get('retry-after') ? 'yes' : 'no'}`);
  }
  return seen;
}

test('a real account and an unknown name answer alike, lockout included', async (t) => {
  const real = await answers('real-user');
  const ghost = await answers('ghost-user');
  t.regex(real[3]!, /^423 account_locked/);
  t.deepEqual(ghost, real);
});
