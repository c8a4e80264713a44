/**
 * The ACD configuration lists (queues, agents, entry points) page, search and order on the
 * server; without `limit` they answer whole, as before paging.
 */
import test from 'ava';
import { acdModule } from '../../src/acd/module.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator, startTestServer } from '../helpers/server.js';

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

test('queues, agents and entry points: paged, searched and sorted by the server; whole without limit', async (t) => {
  const ts = await startTestServer({ modules: [acdModule()], config: { coreSim: { enabled: false } } });
  const { server } = ts;
  try {
    await makeOperator(server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'admin', role: 'bank_admin' });
    const admin = new Client(ts.url);
    t.is((await admin.login('admin')).status, 200);
    const names: Record<string, string> = { q1: 'Zeta loans', q2: 'Alpha cards', q3: 'Mortgage LOANS', q4: 'Beta' };
    for (const [id, name] of Object.entries(names)) t.is((await admin.post('/api/v1/acd/queues', { id, name })).status, 201);

    const whole = await admin.get('/api/v1/acd/queues');
    t.deepEqual(ids(whole.body), ['q1', 'q2', 'q3', 'q4']);
    t.is(whole.body.nextOffset, null);

    const first = await admin.get('/api/v1/acd/queues?limit=3&sort=name');
    t.deepEqual(ids(first.body), ['q2', 'q4', 'q3']);
    t.is(first.body.nextOffset, 3);
    const second = await admin.get('/api/v1/acd/queues?limit=3&offset=3&sort=name');
    t.deepEqual(ids(second.body), ['q1']);
    t.is(second.body.nextOffset, null);

    t.deepEqual(ids((await admin.get('/api/v1/acd/queues?search=loans&sort=-name')).body), ['q1', 'q3'], 'any case, descending');
    t.deepEqual(ids((await admin.get('/api/v1/acd/queues?search=100%25')).body), [], 'a search matching nothing is an empty page');

    const badSort = await admin.get('/api/v1/acd/queues?sort=password');
    t.is(badSort.status, 422, 'an unknown sort key is refused, not ignored');

    for (const [i, city] of ['Beijing', 'Shanghai', 'Beijing'].entries()) {
      t.is((await admin.post('/api/v1/acd/agents', { id: `a${i}`, name: `Agent ${i}`, extension: `800${i}`, phone: { station: 0, timeslot: i + 1 }, city })).status, 201);
    }
    t.deepEqual(ids((await admin.get('/api/v1/acd/agents?search=beijing&sort=-extension')).body), ['a2', 'a0']);
    t.deepEqual(ids((await admin.get('/api/v1/acd/agents?limit=1&offset=1')).body), ['a1']);

    t.is((await admin.post('/api/v1/acd/entry-points', { id: 'vip-line', defaultQueueId: 'q2' })).status, 201);
    t.is((await admin.post('/api/v1/acd/entry-points', { id: 'general', defaultQueueId: 'q1' })).status, 201);
    t.deepEqual(ids((await admin.get('/api/v1/acd/entry-points?sort=defaultQueueId')).body), ['general', 'vip-line']);
    t.deepEqual(ids((await admin.get('/api/v1/acd/entry-points?search=VIP')).body), ['vip-line']);
  } finally {
    await ts.close();
  }
});
