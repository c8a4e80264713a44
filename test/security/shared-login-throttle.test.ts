/**
 * Log-in throttling shared across server processes: two servers on one database (each with its
 * own AuthService, connections and memory, as two processes would have) count failures per
 * address and unknown-name failures together, on SQLite and on MariaDB.
 */
import test from 'ava';
import { useBackends } from '../helpers/backends.js';
import type { DatabaseConfig } from '../helpers/mariadb.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const backends = useBackends(test);
const security = { lockoutThreshold: 3, lockoutSeconds: 60, loginFailuresPerAddress: 4, loginFailureWindowSeconds: 600 };

async function twoServers(database: DatabaseConfig): Promise<[TestServer, TestServer]> {
  const first = await startTestServer({ database, config: { security } });
  const second = await startTestServer({ database, config: { security } });
  return [first, second];
}

const attempt = (ts: TestServer, username: string, ip: string) =>
  ts.server.services.auth.login({ username, password: 'a wrong guess', ip, userAgent: null }).then(
    (r) => (r.ok ? 'in' : r.failure.reason),
    (err: { code?: string }) => err.code ?? 'error',
  );

backends.each('failures from one address add up across servers; the limit holds on both', async (t, { database }) => {
  const [a, b] = await twoServers(database);
  try {
    // Four failures, two on each server, each for a different unknown name.
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await attempt(i % 2 === 0 ? a : b, `nobody-${i}`, '192.0.2.7'));
    t.deepEqual(seen, ['unknown_user', 'unknown_user', 'unknown_user', 'unknown_user']);
    t.is(await attempt(a, 'nobody-x', '192.0.2.7'), 'too_many_attempts');
    t.is(await attempt(b, 'nobody-y', '192.0.2.7'), 'too_many_attempts');
    t.is(await attempt(b, 'nobody-z', '192.0.2.8'), 'unknown_user', 'another address is not held back');
  } finally {
    await b.close();
    await a.close();
  }
});

backends.each('an unknown name locks after the threshold counted across servers, on both', async (t, { database }) => {
  const [a, b] = await twoServers(database);
  try {
    const outcomes = [await attempt(a, 'ghost', '198.51.100.1'), await attempt(b, 'ghost', '198.51.100.2'), await attempt(a, 'ghost', '198.51.100.3')];
    t.deepEqual(outcomes, ['unknown_user', 'unknown_user', 'unknown_user']);
    t.is(await attempt(b, 'ghost', '198.51.100.4'), 'account_locked');
    t.is(await attempt(a, 'GHOST', '198.51.100.5'), 'account_locked', 'names compare case-insensitively');
    const keys = (await a.server.services.store.knex('login_throttle').select('throttle_key')).map((r: { throttle_key: string }) => r.throttle_key);
    t.false(keys.some((k) => k.toLowerCase().includes('ghost')), 'a typed name (sometimes a password) is stored hashed');
  } finally {
    await b.close();
    await a.close();
  }
});

backends.each('parallel failures from both servers are all counted (one statement each)', async (t, { database }) => {
  const [a, b] = await twoServers(database);
  try {
    await Promise.all(Array.from({ length: 3 }, (_, i) => [attempt(a, `p-${i}`, '203.0.113.9'), attempt(b, `q-${i}`, '203.0.113.9')]).flat());
    const row = await a.server.services.store.knex('login_throttle').where({ throttle_key: 'address:203.0.113.9' }).first();
    t.is(Number(row.failures), 6);
  } finally {
    await b.close();
    await a.close();
  }
});
