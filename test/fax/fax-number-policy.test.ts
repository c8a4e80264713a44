/**
 * Faxes from the back office go only to numbers the tenant allows (security.outsideNumbers):
 * another number is refused before anything is queued.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { makeOperator } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { startFaxServer, type FaxTestServer } from './helpers.js';

let server: FaxTestServer;
test.before(async () => {
  server = await startFaxServer();
  server.services.config.security.outsideNumbers = { '*': ['6400XXXX'] };
  await makeOperator(server.server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'policy-admin', role: 'bank_admin' });
});
test.after.always(async () => {
  await server?.stop();
});

test('a fax to a number outside the allowed patterns is refused; an allowed one goes on', async (t) => {
  const admin = await loginAs(server.url, 'policy-admin');
  const refused = await admin.post('/api/v1/fax-jobs', { number: '0088112345678', documentId: randomUUID() });
  t.is(refused.status, 403);
  t.is(refused.body.error.code, 'number_not_allowed');
  const allowed = await admin.post('/api/v1/fax-jobs', { number: '64000001', documentId: randomUUID() });
  t.is(allowed.status, 404, 'past the number check: the (made-up) document is unknown');
  t.is((await server.services.store.knex('fax_jobs').count({ n: '*' }))[0]!.n as number, 0, 'nothing queued');
});
