/**
 * Refusals: an action the agent's state does not allow is refused with 409 acd_illegal_state
 * and changes nothing; unknown agents, queues and calls are 404s; another agent's seat is 403;
 * invalid configuration is 422 and is not stored.
 */
import test from 'ava';
import { addAgent, addQueue, loginOperator, signIn, startLive, type LiveServer } from './harness.js';
import type { Client } from '../helpers/server.js';

let live: LiveServer;
let agent: Client;

test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'service' });
  await addAgent(live, { id: 'b1', timeslot: 1, queues: ['service'] });
  await addAgent(live, { id: 'b2', timeslot: 2, queues: ['service'] });
  agent = await loginOperator(live, 'agent-b1', 'agent', 'b1');
});
test.after.always(async () => {
  await live?.close();
});

async function snapshot(): Promise<string> {
  await live.services.records.flush();
  const knex = live.services.store.knex;
  return JSON.stringify({
    agents: live.acd().acd.queues.listAgents().map((a) => [a.id, a.state, a.pauseReason]),
    queues: live.acd().acd.queues.listQueues(),
    log: (await knex('agent_service_log').count({ n: '*' }))[0],
    config: [await knex('acd_queues').select('id', 'config_json'), await knex('acd_agents').select('id', 'name')],
  });
}

test.serial('answer while paused and transfer with no call are refused with a clear code and change nothing', async (t) => {
  await signIn(live, 'b1', 'training');
  const before = await snapshot();
  for (const [path, body] of [
    ['answer', undefined],
    ['transfer', { agentId: 'b2' }],
    ['hold', undefined],
    ['consult', { agentId: 'b2' }],
    ['consult/complete', undefined],
    ['three-way', undefined],
    ['survey', undefined],
    ['ready', undefined],
    ['unlock', undefined],
    ['sign-in', {}],
  ] as const) {
    const res = await agent.post(`/api/v1/acd/agents/b1/${path}`, body);
    t.is(res.status, 409, `${path}: ${res.text}`);
    t.is(res.body.error.code, 'acd_illegal_state', path);
    t.regex(res.body.error.message, /b1/, `${path} says which agent`);
  }
  t.is(await snapshot(), before);
});

test.serial('unknown agents, queues and calls are 404s', async (t) => {
  const admin = live.admin;
  const cases: Array<[string, string, unknown, string]> = [
    ['POST', '/api/v1/acd/agents/nobody/sign-in', {}, 'acd_unknown_agent'],
    ['POST', '/api/v1/acd/agents/nobody/monitor', { mode: 'listen', seatAgentId: 'b2' }, 'acd_unknown_agent'],
    ['POST', '/api/v1/acd/agents/b2/force-release', undefined, 'acd_illegal_state'],
    ['GET', '/api/v1/acd/agents/nobody', undefined, 'not_found'],
    ['GET', '/api/v1/acd/queues/nowhere', undefined, 'not_found'],
    ['PUT', '/api/v1/acd/queues/nowhere', { name: 'x' }, 'not_found'],
    ['DELETE', '/api/v1/acd/agents/nobody', undefined, 'not_found'],
  ];
  await signIn(live, 'b2');
  for (const [method, path, body, code] of cases) {
    const res = await admin.request(method, path, body);
    t.is(res.body?.error?.code, code, `${method} ${path}: ${res.text}`);
    t.is(res.status, code === 'acd_illegal_state' ? 409 : 404, `${method} ${path}`);
  }
  // A call and a queue that do not exist, named by an agent at work.
  const b2 = await loginOperator(live, 'agent-b2', 'agent', 'b2');
  const pick = await b2.post('/api/v1/acd/agents/b2/pick-up', { callId: 'no-such-call' });
  t.is(pick.status, 404);
  t.is(pick.body.error.code, 'acd_unknown_call');
  const transfer = await b2.post('/api/v1/acd/agents/b2/transfer', { queueId: 'nowhere' });
  t.is(transfer.status, 409, 'no call to transfer comes first');
});

test.serial('an agent acts on their own seat only; invalid configuration is refused and not stored', async (t) => {
  const other = await agent.post('/api/v1/acd/agents/b2/pause', { reason: 'lunch' });
  t.is(other.status, 403);
  t.is(other.body.error.code, 'not_own_seat');
  const config = await agent.post('/api/v1/acd/queues', { id: 'mine', name: 'mine' });
  t.is(config.status, 403, 'agents do not configure queues');
  const before = await snapshot();
  const badStrategy = await live.admin.post('/api/v1/acd/queues', { id: 'bad', name: 'bad', strategy: 'fastest' });
  t.is(badStrategy.status, 422);
  const badOverflow = await live.admin.post('/api/v1/acd/queues', { id: 'bad', name: 'bad', overflow: { targetQueueId: 'nowhere', afterS: 10 } });
  t.is(badOverflow.status, 422);
  t.is(badOverflow.body.error.code, 'acd_invalid_config');
  const badMembership = await live.admin.post('/api/v1/acd/agents', { id: 'b3', name: 'b3', extension: '8003', phone: { station: 0, timeslot: 3 }, queues: [{ queueId: 'nowhere' }] });
  t.is(badMembership.status, 422);
  const samePhone = await live.admin.post('/api/v1/acd/agents', { id: 'b3', name: 'b3', extension: '8003', phone: { station: 0, timeslot: 1 } });
  t.is(samePhone.status, 409);
  t.is(samePhone.body.error.code, 'phone_in_use');
  const dChannel = await live.admin.post('/api/v1/acd/agents', { id: 'b3', name: 'b3', extension: '8003', phone: { station: 0, timeslot: 16 } });
  t.is(dChannel.status, 422);
  const inUse = await live.admin.delete('/api/v1/acd/agents/b2');
  t.is(inUse.status, 409, 'a signed-in agent is not removed');
  t.is(await snapshot(), before);
});
