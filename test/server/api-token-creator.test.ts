/**
 * An API token lives on its creator's standing: it stops working when the creator is disabled,
 * deleted or demoted below the token's role; and a token cannot create tokens.
 */
import test from 'ava';
import { Client, makeOperator, makeTenant, startTestServer, type TestServer } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';

let ts: TestServer;
let tenantId: string;
let chief: Client;
test.before(async () => {
  ts = await startTestServer();
  tenantId = (await makeTenant(ts.server, 'tokens')).id;
  await makeOperator(ts.server, { tenantId, username: 'chief', role: 'bank_admin' });
  chief = await loginAs(ts.url, 'chief');
});
test.after.always(async () => {
  await ts?.close();
});

async function tokenBy(username: string, role: string): Promise<Client> {
  const creator = await loginAs(ts.url, username);
  const made = await creator.post('/api/v1/api-tokens', { name: `${username} token`, role });
  if (made.status !== 201) throw new Error(made.text);
  return Client.withToken(ts.url, made.body.token);
}

test.serial('a token stops working when its creator is disabled, deleted or demoted', async (t) => {
  for (const [name, change] of [
    ['disabled-admin', (id: string) => chief.patch(`/api/v1/operators/${id}`, { disabled: true })],
    ['deleted-admin', (id: string) => chief.delete(`/api/v1/operators/${id}`)],
    ['demoted-admin', (id: string) => chief.patch(`/api/v1/operators/${id}`, { role: 'supervisor' })],
  ] as const) {
    const op = await makeOperator(ts.server, { tenantId, username: name, role: 'bank_admin' });
    const token = await tokenBy(name, 'bank_admin');
    t.is((await token.get('/api/v1/operators')).status, 200, `${name}: works at first`);
    const res = await change(op.id);
    t.true(res.status < 300, res.text);
    const after = await token.get('/api/v1/operators');
    t.is(after.status, 401, `${name}: no longer works`);
    t.is(after.body.error.code, 'invalid_token');
  }
});

test.serial('a token cannot create tokens', async (t) => {
  await makeOperator(ts.server, { tenantId, username: 'minter', role: 'bank_admin' });
  const token = await tokenBy('minter', 'bank_admin');
  const res = await token.post('/api/v1/api-tokens', { name: 'offspring', role: 'agent' });
  t.is(res.status, 403);
  t.is(res.body.error.code, 'token_cannot_create_tokens');
});
