/**
 * Live events over SSE: filtered by tenant and role, heartbeats, teardown on disconnect and at
 * shutdown.
 */
import test from 'ava';
import { startTestServer, makeOperator, makeTenant, Client, type TestServer } from '../helpers/server.js';
import { loginAs, openStream } from '../helpers/fixtures.js';
import type { TellerlineEvent } from '../../src/events/types.js';

let ts: TestServer;
let a: string;
let b: string;

test.before(async () => {
  ts = await startTestServer({ config: { server: { sseHeartbeatMs: 100 } } });
  a = (await makeTenant(ts.server, 'ev-a')).id;
  b = (await makeTenant(ts.server, 'ev-b')).id;
  await makeOperator(ts.server, { tenantId: a, username: 'ev-sup', role: 'supervisor' });
  await makeOperator(ts.server, { tenantId: a, username: 'ev-agent', role: 'agent', agentId: '8001' });
  await makeOperator(ts.server, { tenantId: a, username: 'ev-auditor', role: 'auditor' });
  await makeOperator(ts.server, { username: 'ev-root', role: 'platform_admin' });
});
test.after.always(async () => {
  await ts?.close();
});

function sample(): TellerlineEvent[] {
  const at = new Date().toISOString();
  return [
    { type: 'call.offered', tenantId: a, at, legId: 'leg-own', callId: 'c1', calling: '13800000001', agentId: '8001' },
    { type: 'call.offered', tenantId: a, at, legId: 'leg-other-agent', callId: 'c2', calling: '13800000002', agentId: '8002' },
    { type: 'agent.state', tenantId: a, at, agentId: '8001', state: 'paused' },
    { type: 'agent.state', tenantId: a, at, agentId: '8002', state: 'idle' },
    { type: 'queue.summary', tenantId: a, at, queue: 'retail', waiting: 3, longestWaitMs: 5000, agentsAvailable: 1, agentsBusy: 4 },
    { type: 'span.alarm', tenantId: a, at, span: 1, state: 'red' },
    { type: 'call.offered', tenantId: b, at, legId: 'leg-tenant-b', callId: 'c3', agentId: '8001' },
  ];
}

/** Seen by every viewer of tenant a that sees queues: once it is in, everything before it is too. */
function marker(): TellerlineEvent {
  return { type: 'queue.summary', tenantId: a, at: new Date().toISOString(), queue: 'zz-end', waiting: 0, longestWaitMs: 0, agentsAvailable: 0, agentsBusy: 0 };
}

async function watch(client: Client, query = '', options: { heartbeat?: boolean } = {}): Promise<{ status: number; text: string; events: TellerlineEvent[] }> {
  const stream = await openStream(`${ts.url}/api/v1/events${query}`, { cookie: client.cookie! });
  try {
    for (const e of sample()) ts.server.services.bus.publish(e);
    ts.server.services.bus.publish(marker());
    // The bus keeps order: once the marker has arrived, so has every earlier event this viewer may see.
    await stream.until((text) => text.includes('"queue":"zz-end"'), 'the end marker');
    if (options.heartbeat) await stream.until((text) => /^: heartbeat /m.test(text), 'a heartbeat');
    const events = [...stream.text.matchAll(/^data: (.*)$/gm)]
      .map((m) => JSON.parse(m[1]!) as TellerlineEvent)
      .filter((e) => !('queue' in e && e.queue === 'zz-end'));
    return { status: stream.status, text: stream.text, events };
  } finally {
    stream.close();
  }
}

const ids = (events: TellerlineEvent[]) => events.map((e) => ('legId' in e ? e.legId : 'agentId' in e ? `agent:${e.agentId}` : 'queue' in e ? `queue:${e.queue}` : `span:${e.type}`));

test.serial('a supervisor sees every event of its tenant and none of another', async (t) => {
  const res = await watch(await loginAs(ts.url, 'ev-sup'), '', { heartbeat: true });
  t.is(res.status, 200);
  t.deepEqual(ids(res.events), ['leg-own', 'leg-other-agent', 'agent:8001', 'agent:8002', 'queue:retail', 'span:span.alarm']);
  t.regex(res.text, /^event: call\.offered$/m);
  t.regex(res.text, /^: heartbeat /m, 'heartbeat comments keep the connection alive');
});

test.serial('an agent sees its own calls and state and the queue summaries, no span events', async (t) => {
  const res = await watch(await loginAs(ts.url, 'ev-agent'));
  t.deepEqual(ids(res.events), ['leg-own', 'agent:8001', 'queue:retail']);
});

test.serial('a platform administrator sees every tenant', async (t) => {
  const res = await watch(await loginAs(ts.url, 'ev-root'));
  t.true(ids(res.events).includes('leg-tenant-b'));
});

test.serial('auditors have no live view', async (t) => {
  const client = await loginAs(ts.url, 'ev-auditor');
  const res = await client.get('/api/v1/events');
  t.is(res.status, 403);
});

test.serial('types= narrows the stream', async (t) => {
  const res = await watch(await loginAs(ts.url, 'ev-sup'), '?types=queue.');
  t.deepEqual(ids(res.events), ['queue:retail']);
});

test.serial('secrets in event payloads are scrubbed by the bus', async (t) => {
  const client = await loginAs(ts.url, 'ev-sup');
  const stream = await openStream(`${ts.url}/api/v1/events`, { cookie: client.cookie! });
  ts.server.services.bus.publish({ type: 'call.offered', tenantId: a, at: new Date().toISOString(), legId: 'leg-x', callId: 'c', calling: '6222021234561234', pin: '4321' } as TellerlineEvent);
  await stream.until((text) => text.includes('"leg-x"'), 'the event with secrets');
  stream.close();
  t.false(stream.text.includes('6222021234561234'));
  t.false(stream.text.includes('4321'));
  t.true(stream.text.includes('6222 **** **** 1234'));
});

test.serial('a client that hangs up is unsubscribed', async (t) => {
  const client = await loginAs(ts.url, 'ev-sup');
  const bus = ts.server.services.bus as unknown as { subject: { observed: boolean; observers?: unknown[] } };
  const stream = await openStream(`${ts.url}/api/v1/events`, { cookie: client.cookie! });
  // Positive control: while the stream is open, the bus has its subscriber.
  t.true(bus.subject.observed, 'the open stream is subscribed');
  stream.close();
  // Wait for the server to see the socket close (a condition, checked until it holds).
  for (let i = 0; i < 1000 && bus.subject.observed; i++) await new Promise((r) => setTimeout(r, 10));
  t.false(bus.subject.observed, 'no subscriber left behind');
});

test.serial('shutdown ends open streams', async (t) => {
  const own = await startTestServer();
  await makeOperator(own.server, { username: 'root2', role: 'platform_admin' });
  const client = await loginAs(own.url, 'root2');
  const res = await fetch(`${own.url}/api/v1/events`, { headers: { cookie: client.cookie! } });
  const reader = res.body!.getReader();
  await reader.read();
  const stopped = own.close();
  let ended = false;
  for (;;) {
    const { done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
  }
  await stopped;
  t.true(ended);
});
