/**
 * Log-in under attack: parallel guesses are counted one by one (the lockout holds, a right
 * password among them does not slip through), failures per address are limited, and password
 * checks run a bounded number at a time.
 */
import test from 'ava';
import { LoginThrottle } from '../../src/auth/login-throttle.js';
import { makeOperator, makeTenant, Client, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

let ts: TestServer;
let tenantId: string;
test.before(async () => {
  ts = await startTestServer({ config: { security: { lockoutThreshold: 3, loginFailuresPerAddress: 5, loginFailureWindowSeconds: 600 } } });
  tenantId = (await makeTenant(ts.server, 'throttle')).id;
});
test.after.always(async () => {
  await ts?.close();
});

test.serial('ten parallel guesses: three are checked, the rest refused, the right password among them too', async (t) => {
  await makeOperator(ts.server, { tenantId, username: 'target', role: 'agent' });
  const guesses = Array.from({ length: 10 }, (_, i) => (i === 9 ? TEST_PASSWORD : `wrong guess ${i}`));
  const outcomes = await Promise.all(
    guesses.map((password, i) =>
      ts.server.services.auth.login({ username: 'target', password, ip: `10.0.0.${i}`, userAgent: null }).then(
        (r) => (r.ok ? 'in' : r.failure.reason),
        (err: { code?: string }) => err.code ?? 'error',
      ),
    ),
  );
  t.is(outcomes.filter((o) => o === 'bad_password').length, 3, outcomes.join(' '));
  // The rest: refused as locked, or (past the few that may wait their turn) as too many at once.
  t.is(outcomes.filter((o) => o === 'account_locked' || o === 'too_many_attempts').length, 7, outcomes.join(' '));
  t.true(outcomes.includes('account_locked'));
  t.false(outcomes.includes('in'), 'the right password did not get in while the account locked');
  await t.throwsAsync(ts.server.services.auth.login({ username: 'target', password: TEST_PASSWORD, ip: '10.0.1.1', userAgent: null }), { message: /locked/ }, 'still locked afterwards');
});

test.serial('failures from one address are limited (429 with Retry-After), whatever names they try', async (t) => {
  await makeOperator(ts.server, { tenantId, username: 'bystander', role: 'agent' });
  const attacker = new Client(ts.url);
  for (let i = 0; i < 5; i++) t.is((await attacker.login(`nobody-${i}`, 'guess')).status, 401);
  const limited = await attacker.login('nobody-5', 'guess');
  t.is(limited.status, 429);
  t.is(limited.body.error.code, 'too_many_attempts');
  t.true(Number(limited.headers.get('retry-after')) > 0);
  t.is((await attacker.login('bystander')).status, 429, 'no password work at all for the address meanwhile');
});

test('password checks run a bounded number at a time; past the queue, 429', async (t) => {
  const throttle = new LoginThrottle({ loginFailuresPerAddress: 10, loginFailureWindowSeconds: 60, loginConcurrency: 2 });
  let running = 0;
  let most = 0;
  const gates: Array<() => void> = [];
  const check = () =>
    throttle.passwordCheck(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => gates.push(r));
      running--;
      return true;
    });
  const admitted = Array.from({ length: 18 }, () => check());
  const refused = await check().then(
    () => 'ran',
    (err: { code?: string }) => err.code,
  );
  t.is(refused, 'too_many_attempts', '2 running and 16 waiting: the next one is refused');
  while (gates.length > 0 || running > 0) {
    await new Promise((r) => setImmediate(r));
    gates.splice(0).forEach((open) => open());
  }
  t.deepEqual(await Promise.all(admitted), Array(18).fill(true));
  t.is(most, 2);
});
