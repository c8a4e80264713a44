/**
 * Supervisors reach only their teams in everything team-bound: monitoring, force release, the
 * real-time view and the live events. Without a team, no agent; administrators and roles whose
 * team scope is the tenant reach every agent; a custom role with supervise works like the
 * built-in supervisor.
 */
import test from 'ava';
import { addAgent, addQueue, loginOperator, ok, startLive, TENANT, type LiveServer } from '../acd-live/harness.js';
import { Client } from '../helpers/server.js';

let live: LiveServer;
test.before(async () => {
  live = await startLive();
  await addQueue(live, { id: 'service' });
  await addAgent(live, { id: 'ra1', timeslot: 1, queues: ['service'], team: 'team-a' });
  await addAgent(live, { id: 'rb1', timeslot: 2, queues: ['service'], team: 'team-b' });
  await addAgent(live, { id: 'seat-ra', timeslot: 3, queues: ['service'], team: 'team-a' });
  await addAgent(live, { id: 'seat-none', timeslot: 4, queues: ['service'], team: 'team-c' });
  await addAgent(live, { id: 'seat-custom', timeslot: 5, queues: ['service'], team: 'team-c' });
  await ok(live.admin.post('/api/v1/roles', { key: 'shift_lead', name: 'Shift lead', permissions: ['acd:read', 'supervise', 'events:read'], eventScope: 'tenant', recordingScope: 'own_teams' }));
  await ok(live.admin.post('/api/v1/roles', { key: 'floor_manager', name: 'Floor manager', permissions: ['acd:read', 'supervise', 'events:read'], eventScope: 'tenant', recordingScope: 'tenant' }));
});
test.after.always(async () => {
  await live?.close();
});

async function operatorId(username: string): Promise<string> {
  return (await live.services.store.knex('operators').where({ username }).first()).id as string;
}

async function supervisor(username: string, role: string, seat: string, teams: string[]): Promise<Client> {
  const client = await loginOperator(live, username, role as never, seat);
  await ok(live.admin.request('PUT', `/api/v1/acd/supervisors/${await operatorId(username)}/teams`, { teams }));
  return client;
}

const agentsSeen = async (client: Client) => ((await ok(client.get('/api/v1/acd/realtime'))).agents as Array<{ id: string }>).map((a) => a.id).sort();

test('the real-time view shows only the agents within reach; queues stay whole', async (t) => {
  const teamA = await supervisor('reach-a', 'supervisor', 'seat-ra', ['team-a']);
  t.deepEqual(await agentsSeen(teamA), ['ra1', 'seat-ra']);
  const view = await ok(teamA.get('/api/v1/acd/realtime'));
  t.deepEqual(view.queues.map((q: { id: string }) => q.id), ['service']);

  const none = await supervisor('reach-none', 'supervisor', 'seat-none', []);
  t.deepEqual(await agentsSeen(none), ['seat-none'], 'without a team: only their own seat');

  t.deepEqual(await agentsSeen(live.admin), ['ra1', 'rb1', 'seat-custom', 'seat-none', 'seat-ra']);
});

test('a supervisor without a team monitors and force-releases no one', async (t) => {
  const none = await supervisor('reach-none2', 'supervisor', 'seat-none', []);
  for (const agent of ['ra1', 'rb1']) {
    const monitor = await none.post(`/api/v1/acd/agents/${agent}/monitor`, { mode: 'listen' });
    t.is(monitor.body?.error?.code, 'acd_unknown_agent', monitor.text);
    const release = await none.post(`/api/v1/acd/agents/${agent}/force-release`);
    t.is(release.body?.error?.code, 'acd_unknown_agent', release.text);
  }
});

test('a custom role with supervise and the teams scope is limited like the built-in supervisor', async (t) => {
  const lead = await supervisor('reach-lead', 'shift_lead', 'seat-custom', ['team-b']);
  t.deepEqual(await agentsSeen(lead), ['rb1', 'seat-custom']);
  const other = await lead.post('/api/v1/acd/agents/ra1/force-release');
  t.is(other.body?.error?.code, 'acd_unknown_agent', other.text);
  const own = await lead.post('/api/v1/acd/agents/rb1/force-release');
  t.not(own.body?.error?.code, 'acd_unknown_agent', own.text);
  const seat = await lead.post('/api/v1/acd/agents/rb1/monitor', { mode: 'listen', seatAgentId: 'ra1' });
  t.is(seat.body?.error?.code, 'not_own_seat', seat.text);

  const manager = await supervisor('reach-manager', 'floor_manager', 'seat-custom', []);
  t.deepEqual(await agentsSeen(manager), ['ra1', 'rb1', 'seat-custom', 'seat-none', 'seat-ra']);
  const anyone = await manager.post('/api/v1/acd/agents/ra1/force-release');
  t.not(anyone.body?.error?.code, 'acd_unknown_agent', anyone.text);
});

/** Opens /events, runs `publish`, then a marker event; returns what the stream carried up to the marker. */
async function streamed(client: Client, publish: () => void): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(`${live.url}/api/v1/events`, { headers: { cookie: client.cookie! }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`events: HTTP ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  publish();
  live.services.bus.publish({ type: 'queue.summary', tenantId: TENANT, at: new Date().toISOString(), queue: 'marker', waiting: 0, longestWaitMs: 0, agentsAvailable: 0, agentsBusy: 0 });
  while (!text.includes('"marker"')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return text;
}

test('the live events carry only the agents and calls within reach', async (t) => {
  const teamA = await supervisor('reach-events', 'supervisor', 'seat-ra', ['team-a']);
  const at = new Date().toISOString();
  const publish = () => {
    for (const agentId of ['ra1', 'rb1']) {
      live.services.bus.publish({ type: 'agent.state', tenantId: TENANT, at, agentId, state: 'available' });
      live.services.bus.publish({ type: 'call.connected', tenantId: TENANT, at, legId: `leg-${agentId}`, callId: `call-${agentId}`, agentId, calling: '13800138000' });
    }
    live.services.bus.publish({ type: 'call.queued', tenantId: TENANT, at, legId: 'leg-q', callId: 'call-queued', queue: 'service', calling: '13900139000' });
  };
  const seen = await streamed(teamA, publish);
  t.true(seen.includes('"agentId":"ra1"'));
  t.true(seen.includes('call-ra1'));
  t.false(seen.includes('rb1'), 'another team\'s agent');
  t.false(seen.includes('call-queued'), 'a call no agent of the team is on');
  t.true(seen.includes('"queue":"marker"'), 'queue summaries still arrive');

  const all = await streamed(live.admin, publish);
  t.true(all.includes('call-rb1') && all.includes('call-queued'));
});
