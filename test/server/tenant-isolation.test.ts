/**
 * Tenant isolation across every endpoint: the list comes from the route registry, so a route
 * added later is walked too. As each principal of tenant A (every role, and an API token), call
 * every route with tenant B's ids in its path, B's tenant id wherever a tenantId is accepted,
 * and an example body; then prove that no response carries anything of B and that B's rows
 * are unchanged. Live events of B published during a stream never reach A.
 */
import test from 'ava';
import { appModules } from '../helpers/app-modules.js';
import type { Knex } from 'knex';
import { startTestServer, Client, type TestServer } from '../helpers/server.js';
import { buildWorld, loginAs, openStream, pathFor, queryString, TENANT_ROLES, type World } from '../helpers/fixtures.js';
import { UNSAFE_METHODS, type AnyRoute } from '../../src/http/routes.js';
import type { z } from 'zod';

let ts: TestServer;
let world: World;

test.before(async () => {
  ts = await startTestServer({ modules: appModules() });
  world = await buildWorld(ts.server);
});
test.after.always(async () => {
  await ts?.close();
});

const TENANT_TABLES = ['operators', 'sessions', 'api_tokens', 'audit_log', 'cdr', 'trunk_access_log', 'agent_service_log', 'all_busy_log', 'transaction_log', 'faxes', 'fax_jobs', 'fax_documents'];

async function snapshotOf(knex: Knex, tenantId: string): Promise<string> {
  const parts: unknown[] = [await knex('tenants').where({ id: tenantId })];
  for (const table of TENANT_TABLES) {
    parts.push(await knex(table).where({ tenant_id: tenantId }).orderByRaw('1'));
  }
  return JSON.stringify(parts);
}

function schemaKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

function bodyFor(route: AnyRoute, foreignTenant: string): unknown {
  if (!route.body) return undefined;
  const example = route.example?.body;
  const body = example && typeof example === 'object' ? { ...(example as Record<string, unknown>) } : {};
  if (schemaKeys(route.body).includes('tenantId')) body['tenantId'] = foreignTenant;
  if ('username' in body) body['username'] = `iso-${Math.random().toString(36).slice(2, 10)}`;
  if ('code' in body) body['code'] = `iso-${Math.random().toString(36).slice(2, 10)}`;
  // A fax job names a document: B's, which A must not be able to send.
  if ('documentId' in body) body['documentId'] = world.b.ids['faxDocuments'];
  return body;
}

function leaks(text: string): string[] {
  const markers = [...world.b.allIds, 'bravo', '1390000'];
  return markers.filter((m) => text.includes(m));
}

async function principalsOfA(): Promise<Array<{ label: string; client: Client }>> {
  const out: Array<{ label: string; client: Client }> = [];
  for (const role of TENANT_ROLES) out.push({ label: role, client: await loginAs(ts.url, world.a.users[role]!) });
  out.push({ label: 'api token', client: Client.withToken(ts.url, world.a.apiToken) });
  return out;
}

test.serial('no route lets a principal of tenant A read or change anything of tenant B', async (t) => {
  const routes = ts.server.services.routes.list();
  t.true(routes.length >= 19, 'the registry lists the routes');
  const knex = ts.server.services.store.knex;
  const bId = world.b.tenant.id;
  const bSnapshot = await snapshotOf(knex, bId);
  let calls = 0;
  /** Live-event streams that were shown to carry A's events while B's were published. */
  let streamsProven = 0;
  const principals = await principalsOfA();

  for (const route of routes) {
    // Logging out or changing one's own password touches only A; still walked, but last.
    if (route.id === 'auth.logout' || route.id === 'auth.changePassword') continue;
    for (const { label, client } of principals) {
      const query: Record<string, string> = { ...(route.example?.query ?? {}) };
      if (schemaKeys(route.query).includes('tenantId')) query['tenantId'] = bId;
      const hasParams = route.path.includes(':');
      const variants = hasParams ? [pathFor(route, world.b.ids)] : [`/api/v1${route.path}`];
      if (!hasParams && query['tenantId']) variants.push(`/api/v1${route.path}${queryString({ ...route.example?.query })}`);
      for (const [i, base] of variants.entries()) {
        const path = i === 0 ? base + queryString(query) : base;
        const what = `${label}: ${route.method} ${path}`;
        calls++;
        if (route.stream) {
          const headers: Record<string, string> = client.bearer ? { authorization: `Bearer ${client.bearer}` } : { cookie: client.cookie! };
          const stream = await openStream(ts.url + path, headers);
          const at = new Date().toISOString();
          ts.server.services.bus.publish({ type: 'call.offered', tenantId: bId, at, legId: world.b.legIds[0]!, callId: world.b.legIds[0]!, calling: '13900001', agentId: 'bravo-agent-1' });
          ts.server.services.bus.publish({ type: 'span.alarm', tenantId: bId, at, span: 1, state: 'red', detail: 'bravo' });
          ts.server.services.bus.publish({ type: 'queue.summary', tenantId: bId, at, queue: 'bravo-queue', waiting: 1, longestWaitMs: 10, agentsAvailable: 0, agentsBusy: 1 });
          if (stream.status === 200 && route.id === 'events.stream') {
            // A's own queue summary, which every viewer of A's live events sees: once it has
            // arrived, B's events published before it would have too.
            ts.server.services.bus.publish({ type: 'queue.summary', tenantId: world.a.tenant.id, at, queue: 'iso-end', waiting: 0, longestWaitMs: 0, agentsAvailable: 0, agentsBusy: 0 });
            await stream.until((text) => text.includes('iso-end'), `${what}: its own tenant's event`);
            streamsProven++;
          }
          stream.close();
          t.deepEqual(leaks(stream.text), [], `${what} leaked: ${stream.text.slice(0, 300)}`);
          continue;
        }
        const res = await client.request(route.method, path, bodyFor(route, bId));
        t.deepEqual(leaks(res.text), [], `${what} leaked tenant B data: ${res.text.slice(0, 300)}`);
        if (hasParams || (i === 0 && query['tenantId'])) {
          t.true(res.status >= 400, `${what} answered ${res.status} for tenant B's object`);
        }
        if (UNSAFE_METHODS.has(route.method)) {
          t.is(await snapshotOf(knex, bId), bSnapshot, `${what} changed tenant B's rows`);
        }
      }
    }
  }
  t.is(await snapshotOf(knex, bId), bSnapshot);
  t.true(streamsProven >= 3, `only ${streamsProven} live-event streams proven to carry their own tenant's events`);
  t.true(calls > 100, `walked ${calls} requests`);
});

test.serial('tenant B data is there to be found: the same walk as B sees its own objects', async (t) => {
  // Guards the test above against passing because the fixtures were empty.
  const client = await loginAs(ts.url, world.b.users['bank_admin']!);
  const cdr = await client.get('/api/v1/cdr');
  t.is(cdr.status, 200);
  t.is(cdr.body.items.length, 3);
  const leg = await client.get(`/api/v1/cdr/${world.b.legIds[0]}`);
  t.is(leg.status, 200);
  const ops = await client.get('/api/v1/operators');
  t.true(ops.body.items.some((o: { id: string }) => o.id === world.b.victimOperatorId));
  for (const path of ['/api/v1/trunk-access-log', '/api/v1/agent-service-log', '/api/v1/all-busy-log', '/api/v1/transaction-log', '/api/v1/api-tokens']) {
    const res = await client.get(path);
    t.is(res.status, 200, path);
    t.true(res.body.items.length >= 1, `${path} has B's entries`);
  }
});

test.serial('logout and password change by A affect only A', async (t) => {
  const knex = ts.server.services.store.knex;
  const bSnapshot = await snapshotOf(knex, world.b.tenant.id);
  const client = await loginAs(ts.url, world.a.users['supervisor']!);
  const change = await client.post('/api/v1/auth/password', { currentPassword: 'Correct-Horse-42', newPassword: 'Another-Horse-43' });
  t.is(change.status, 200);
  t.deepEqual(leaks(change.text), []);
  const out = await client.post('/api/v1/auth/logout');
  t.is(out.status, 204);
  t.is(await snapshotOf(knex, world.b.tenant.id), bSnapshot);
});
