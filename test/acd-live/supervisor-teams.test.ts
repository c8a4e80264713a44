/**
 * Supervisors reach only their teams: monitoring and force release of an agent of another team
 * answer as an unknown agent, and a supervisor listens only on their own seat.
 */
import test from 'ava';
import { addAgent, addQueue, loginOperator, ok, startLive, type LiveServer } from './harness.js';

let live: LiveServer;
test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'service' });
  await addAgent(live, { id: 'ta1', timeslot: 1, queues: ['service'], team: 'team-a' });
  await addAgent(live, { id: 'tb1', timeslot: 2, queues: ['service'], team: 'team-b' });
  await addAgent(live, { id: 'seat-a', timeslot: 3, queues: ['service'], team: 'team-a' });
});
test.after.always(async () => {
  await live?.close();
});

test('another team\'s agent answers as unknown; another seat is refused', async (t) => {
  const sup = await loginOperator(live, 'sup-team-a', 'supervisor', 'seat-a');
  const id = (await live.services.store.knex('operators').where({ username: 'sup-team-a' }).first()).id as string;
  await ok(live.admin.request('PUT', `/api/v1/acd/supervisors/${id}/teams`, { teams: ['team-a'] }));
  for (const path of ['/api/v1/acd/agents/tb1/monitor', '/api/v1/acd/agents/tb1/force-release']) {
    const res = await sup.post(path, path.endsWith('monitor') ? { mode: 'listen' } : undefined);
    t.is(res.status, 404, `${path}: ${res.text}`);
    t.is(res.body.error.code, 'acd_unknown_agent');
  }
  const otherSeat = await sup.post('/api/v1/acd/agents/ta1/monitor', { mode: 'listen', seatAgentId: 'tb1' });
  t.is(otherSeat.status, 403);
  t.is(otherSeat.body.error.code, 'not_own_seat');
  // Their own team's agent passes the reach check (the ACD then says the agent has no call).
  const own = await sup.post('/api/v1/acd/agents/ta1/force-release');
  t.not(own.body?.error?.code, 'acd_unknown_agent', own.text);
});
