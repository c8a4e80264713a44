/**
 * The campaigns list as the web screen asks for it: searched by name or calling number, sorted
 * by the server, paged; an order it does not know is refused.
 */
import test from 'ava';
import { startTestServer, makeOperator, makeTenant, type TestServer } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';
import { outboundModule } from '../../src/outbound/module.js';

let ts: TestServer;

test.before(async () => {
  ts = await startTestServer({ modules: [outboundModule()] });
  const tenant = await makeTenant(ts.server, 'ob-list');
  await makeOperator(ts.server, { tenantId: tenant.id, username: 'ob-list-admin', role: 'bank_admin' });
});
test.after.always(async () => {
  await ts?.close();
});

test('campaigns are searched, sorted and paged by the server', async (t) => {
  const admin = await loginAs(ts.url, 'ob-list-admin');
  for (const [name, callingNumber] of [['Card expiry notice', '95588'], ['Payment due reminder', '95566'], ['Satisfaction survey', '4008895588'], ['card_upgrade 100%', '95599']]) {
    t.is((await admin.post('/api/v1/outbound/campaigns', { name, callingNumber })).status, 201);
  }
  const names = async (query: string) => ((await admin.get(`/api/v1/outbound/campaigns?${query}`)).body.items as Array<{ name: string }>).map((c) => c.name);

  t.is((await names('')).length, 4);
  t.deepEqual(await names('sort=name'), ['Card expiry notice', 'Payment due reminder', 'Satisfaction survey', 'card_upgrade 100%'].sort((a, b) => (a < b ? -1 : 1)));
  t.deepEqual(await names('sort=-name&limit=2'), ['card_upgrade 100%', 'Satisfaction survey']);
  const second = await admin.get('/api/v1/outbound/campaigns?sort=-name&limit=2&offset=2');
  t.deepEqual(second.body.items.map((c: { name: string }) => c.name), ['Payment due reminder', 'Card expiry notice']);
  t.is(second.body.nextOffset, null);

  t.deepEqual((await names('q=CARD')).sort(), ['Card expiry notice', 'card_upgrade 100%'], 'case-insensitive name search');
  t.deepEqual(await names('q=4008'), ['Satisfaction survey'], 'the calling number is searched too');
  t.deepEqual(await names('q=100%25'), ['card_upgrade 100%'], 'LIKE wildcards are taken literally');
  t.deepEqual(await names('q=_'), ['card_upgrade 100%']);
  const bad = await admin.get('/api/v1/outbound/campaigns?sort=callingNumber');
  t.is(bad.status, 422);
  t.is(bad.body.error.code, 'validation_failed');
});
