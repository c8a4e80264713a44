/**
 * Event streams do not outlive their permission: log-out, disabling, a role change end an open
 * stream at its next heartbeat (with an `end` event), and one operator may hold only
 * server.sseMaxStreamsPerUser streams at once.
 */
import test from 'ava';
import { Client, makeOperator, makeTenant, startTestServer, type TestServer } from '../helpers/server.js';
import { loginAs } from '../helpers/fixtures.js';

let ts: TestServer;
let tenantId: string;
let chief: Client;
test.before(async () => {
  ts = await startTestServer({ config: { server: { sseMaxStreamsPerUser: 3 } } });
  tenantId = (await makeTenant(ts.server, 'sse')).id;
  await makeOperator(ts.server, { tenantId, username: 'chief', role: 'bank_admin' });
  chief = await loginAs(ts.url, 'chief');
});
test.after.always(async () => {
  await ts?.close();
});

interface OpenStream {
  status: number;
  /** Everything the stream sent, once the server has ended it. */
  ended: Promise<string>;
  abort(): void;
}

async function openStream(client: Client): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(`${ts.url}/api/v1/events`, { headers: { cookie: client.cookie! }, signal: controller.signal });
  const ended = (async () => {
    let text = '';
    if (!res.body) return text;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      return `${text}[aborted]`;
    }
  })();
  return { status: res.status, ended, abort: () => controller.abort() };
}

async function operatorStreaming(username: string): Promise<{ id: string; client: Client; stream: OpenStream }> {
  const op = await makeOperator(ts.server, { tenantId, username, role: 'supervisor' });
  const client = await loginAs(ts.url, username);
  const stream = await openStream(client);
  if (stream.status !== 200) throw new Error(`stream: ${stream.status}`);
  return { id: op.id, client, stream };
}

test.serial('disabling the operator ends the open stream', async (t) => {
  const { id, stream } = await operatorStreaming('to-disable');
  t.is((await chief.patch(`/api/v1/operators/${id}`, { disabled: true })).status, 200);
  t.regex(await stream.ended, /event: end\ndata: \{"type":"end","reason":"permission_changed"\}/);
});

test.serial('log-out ends the open stream', async (t) => {
  const { client, stream } = await operatorStreaming('to-logout');
  t.is((await client.post('/api/v1/auth/logout')).status, 204);
  t.regex(await stream.ended, /permission_changed/);
});

test.serial('a role change ends the open stream', async (t) => {
  const { id, stream } = await operatorStreaming('to-demote');
  t.is((await chief.patch(`/api/v1/operators/${id}`, { role: 'agent' })).status, 200);
  t.regex(await stream.ended, /permission_changed/);
});

test.serial('one operator may hold a limited number of streams; closing one frees its place', async (t) => {
  await makeOperator(ts.server, { tenantId, username: 'hoarder', role: 'supervisor' });
  const client = await loginAs(ts.url, 'hoarder');
  const streams = [await openStream(client), await openStream(client), await openStream(client)];
  t.deepEqual(streams.map((s) => s.status), [200, 200, 200]);
  const refused = await openStream(client);
  t.is(refused.status, 429);
  streams[0]!.abort();
  await streams[0]!.ended;
  let again: OpenStream | undefined;
  // The server learns of the closed connection asynchronously: ask until the place is free.
  for (let i = 0; i < 200 && again?.status !== 200; i++) {
    again = await openStream(client);
    if (again.status !== 200) await new Promise((r) => setImmediate(r));
  }
  t.is(again!.status, 200);
  for (const s of [...streams.slice(1), again!]) s.abort();
});
