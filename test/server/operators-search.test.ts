/**
 * The operators list is searched and sorted by the server (the web screen pages through it).
 */
import test from 'ava';
import { Client, makeOperator, startTestServer } from '../helpers/server.js';

test('operators: search by part of the name in any case, wildcards taken literally, sorted as asked', async (t) => {
  const ts = await startTestServer();
  t.teardown(() => ts.close());
  await makeOperator(ts.server, { username: 'boss', role: 'platform_admin' });
  for (const name of ['teller.wang', 'teller.li', 'Teller_Zhao', 'supervisor.chen']) await makeOperator(ts.server, { username: name, role: 'agent' });
  const c = new Client(ts.url);
  await c.login('boss');
  const names = async (query: string) => ((await c.request('GET', `/api/v1/operators?${query}`)).body.items as Array<{ username: string }>).map((o) => o.username);

  t.deepEqual(await names('search=TELLER'), ['Teller_Zhao', 'teller.li', 'teller.wang'].sort());
  t.deepEqual(await names('search=r_z'), ['Teller_Zhao'], '_ is a character, not a wildcard');
  t.deepEqual(await names('search=%25'), [], '% is a character, not a wildcard');
  t.deepEqual(await names('search=teller&sort=-username'), ['Teller_Zhao', 'teller.li', 'teller.wang'].sort().reverse());
  t.deepEqual(await names('search=teller&limit=2'), ['Teller_Zhao', 'teller.li'].sort().slice(0, 2));
  const bad = await c.request('GET', '/api/v1/operators?sort=password');
  t.is(bad.status, 422);
});
