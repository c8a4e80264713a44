/**
 * Toll fraud: agents reach outside numbers only within the tenant's allowed patterns
 * (security.outsideNumbers), for calls, transfers, consultations and conferences alike, and
 * every attempt is in the audit log with its number, allowed or not.
 */
import test from 'ava';
import { addAgent, addQueue, loginOperator, startLive, type LiveServer } from './harness.js';

let live: LiveServer;
test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'service' });
  await addAgent(live, { id: 'o1', timeslot: 1, queues: ['service'] });
  // Local Beijing numbers only, for every tenant.
  live.services.config.security.outsideNumbers = { '*': ['010XXXXXXXX'] };
});
test.after.always(async () => {
  await live?.close();
});

test('a number outside the allowed patterns is refused for every kind of outside call, and audited', async (t) => {
  const agent = await loginOperator(live, 'dialler', 'agent', 'o1');
  for (const action of ['call', 'transfer', 'consult', 'conference']) {
    const res = await agent.post(`/api/v1/acd/agents/o1/${action}`, { number: '00881234567890' });
    t.is(res.status, 403, `${action}: ${res.text}`);
    t.is(res.body.error.code, 'number_not_allowed');
  }
  const allowed = await agent.post('/api/v1/acd/agents/o1/call', { number: '01088886666' });
  t.not(allowed.body?.error?.code, 'number_not_allowed', 'an allowed number goes on to the ACD');
  const rows = await live.services.store.knex('audit_log').where({ action: 'acdAgents.outsideCall' }).orderBy('at');
  t.deepEqual(
    rows.map((r: { outcome: string; after_json: string }) => [r.outcome, JSON.parse(r.after_json).number]),
    [
      ['failed', '00881234567890'],
      ['failed', '00881234567890'],
      ['failed', '00881234567890'],
      ['failed', '00881234567890'],
      ['ok', '01088886666'],
    ],
  );
});
