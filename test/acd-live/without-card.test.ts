/**
 * On a server without the telephony module (no card) the ACD still starts: configuration,
 * agent states, metrics and recordings work; what needs a call refuses with 503
 * acd_no_telephony. (So the server-wide route walks can run it without a card.)
 */
import test from 'ava';
import { acdModule } from '../../src/acd/module.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { Client, makeOperator, startTestServer } from '../helpers/server.js';

test('the ACD without a card: configuration and states work, calls refuse with acd_no_telephony', async (t) => {
  const ts = await startTestServer({ modules: [acdModule()], config: { coreSim: { enabled: false } } });
  const { server } = ts;
  try {
    await makeOperator(server, { tenantId: DEFAULT_BANK_TENANT_ID, username: 'admin', role: 'bank_admin' });
    const admin = new Client(ts.url);
    t.is((await admin.login('admin')).status, 200);
    t.is((await admin.post('/api/v1/acd/queues', { id: 'service', name: 'Service' })).status, 201);
    t.is((await admin.post('/api/v1/acd/agents', { id: 'a1', name: 'A', extension: '8001', phone: { station: 0, timeslot: 1 }, queues: [{ queueId: 'service' }] })).status, 201);
    t.is((await admin.post('/api/v1/acd/agents', { id: 'a2', name: 'B', extension: '8002', phone: { station: 0, timeslot: 2 } })).status, 201);
    const signedIn = await admin.post('/api/v1/acd/agents/a1/sign-in', {});
    t.is(signedIn.body.state, 'available');
    await admin.post('/api/v1/acd/agents/a2/sign-in', {});
    const call = await admin.post('/api/v1/acd/agents/a1/call', { agentId: 'a2' });
    t.is(call.status, 503);
    t.is(call.body.error.code, 'acd_no_telephony');
    t.is((await admin.get('/api/v1/acd/desk')).status, 404, 'the admin has no seat');
    t.is(server.services.acd!.tenant(DEFAULT_BANK_TENANT_ID)!.acd.queues.agent('a1').state, 'available', 'the refused call changed nothing');
    t.is(server.services.acd!.tenant(DEFAULT_BANK_TENANT_ID)!.acd.queues.agent('a2').state, 'available');
    t.is((await admin.get('/api/v1/acd/metrics/queues')).status, 200);
    t.is((await admin.get('/api/v1/acd/realtime')).status, 200);
    t.is((await admin.get('/api/v1/recordings')).status, 200);
  } finally {
    await ts.close();
  }
});
