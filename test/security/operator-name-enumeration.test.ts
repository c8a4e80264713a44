/**
 * Creating an operator does not tell a bank administrator which user names other tenants use:
 * names are unique per tenant, so a name taken elsewhere is created like any new name. Log-in
 * with `name@tenantcode` reaches either; a bare name stays with the operator who had it first.
 */
import test from 'ava';
import { loginAs } from '../helpers/fixtures.js';
import { Client, makeOperator, makeTenant, startTestServer, type TestServer } from '../helpers/server.js';

let ts: TestServer;
let adminB: Client;
test.before(async () => {
  ts = await startTestServer();
  const a = await makeTenant(ts.server, 'bank-a');
  const b = await makeTenant(ts.server, 'bank-b');
  await makeOperator(ts.server, { tenantId: a.id, username: 'wang.li', role: 'agent' });
  await makeOperator(ts.server, { tenantId: b.id, username: 'chief-b', role: 'bank_admin' });
  adminB = await loginAs(ts.url, 'chief-b');
});
test.after.always(async () => {
  await ts?.close();
});

const create = (username: string) =>
  adminB.post('/api/v1/operators', { username, displayName: username, role: 'agent', password: 'Another-Pass-2024' });

test('a name another tenant uses answers exactly like a name nobody uses', async (t) => {
  const taken = await create('wang.li');
  const fresh = await create('zhao.min');
  t.is(taken.status, 201, taken.text);
  t.is(fresh.status, 201, fresh.text);
  t.deepEqual(Object.keys(taken.body).sort(), Object.keys(fresh.body).sort());
  t.is(taken.body.username, 'wang.li');
});

test('within one tenant a name is still unique', async (t) => {
  t.is((await create('sun.yi')).status, 201);
  const again = await create('sun.yi');
  t.is(again.status, 409);
});

test('log-in: the bare name stays with the first operator; name@tenantcode reaches each one', async (t) => {
  await create('li.na');
  // The first wang.li (bank-a) keeps the bare name; the second logs in qualified.
  const bare = new Client(ts.url);
  t.is((await bare.login('wang.li')).status, 200);
  const bankA = (await ts.server.services.store.knex('tenants').where({ code: 'bank-a' }).first()).id as string;
  t.is((await bare.request('GET', '/api/v1/auth/me')).body.tenantId, bankA);
  const qualifiedA = new Client(ts.url);
  t.is((await qualifiedA.login('wang.li@bank-a')).status, 200);
  const qualifiedB = new Client(ts.url);
  t.is((await qualifiedB.login('wang.li@bank-b', 'Another-Pass-2024')).status, 200);
  // The second wang.li's password does not open the first one's account.
  t.is((await new Client(ts.url).login('wang.li', 'Another-Pass-2024')).status, 401);
  // A name only bank-b has logs in bare too.
  t.is((await new Client(ts.url).login('li.na', 'Another-Pass-2024')).status, 200);
});
