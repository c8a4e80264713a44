/**
 * The route walks of test/server (permission matrix, tenant isolation, audit of every write),
 * run on a server with the ACD module, over the ACD and recording routes: the list comes from
 * the registry, so a route added later is walked too. Tenants A and B each have a queue, agents,
 * an entry point and a recording (test/helpers/fixtures.ts).
 */
import test from 'ava';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { UNSAFE_METHODS, type AnyRoute } from '../../src/http/routes.js';
import { ROLES, roleHas } from '../../src/auth/permissions.js';
import { buildWorld, loginAs, openStream, pathFor, queryString, TENANT_ROLES, type World } from '../helpers/fixtures.js';
import { Client } from '../helpers/server.js';
import { startLive, type LiveServer } from './harness.js';

let live: LiveServer;
let world: World;

test.before(async () => {
  live = await startLive();
  world = await buildWorld(live.server);
});
test.after.always(async () => {
  await live?.close();
});

const ACD_TABLES = ['acd_queues', 'acd_agents', 'acd_memberships', 'acd_entry_points', 'acd_calendars', 'acd_calendar_days', 'acd_supervisor_teams', 'acd_agent_states', 'acd_agent_events', 'acd_visits', 'acd_survey_results', 'recordings'];

function acdRoutes(): AnyRoute[] {
  return live.services.routes.list().filter((r) => r.path.startsWith('/acd/') || r.path.startsWith('/recordings'));
}

async function snapshotOf(knex: Knex, tenantId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of ACD_TABLES) parts.push(await knex(table).where({ tenant_id: tenantId }).orderByRaw('1'));
  return JSON.stringify(parts);
}

function schemaKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** The seat of tenant A's agent operator (test/helpers/fixtures.ts). */
const OWN_AGENT = 'alpha-agent-1';

function leaks(text: string): string[] {
  return [...world.b.allIds, 'bravo', '1390000'].filter((m) => text.includes(m));
}

test.serial('every ACD route x every role: allowed exactly as the permissions table declares', async (t) => {
  const routes = acdRoutes();
  t.true(routes.length >= 40, `${routes.length} ACD routes`);
  for (const role of ROLES) {
    const client = await loginAs(live.url, role === 'platform_admin' ? world.platformAdmin : world.a.users[role]!);
    for (const route of routes) {
      const path = pathFor(route, world.a.ids) + queryString(route.example?.query);
      const what = `${role} ${route.method} ${path}`;
      const allowed = route.access === 'public' || route.access === 'authenticated' || roleHas(role, route.access);
      if (route.stream) {
        const controller = new AbortController();
        const res = await fetch(live.url + path, { headers: { cookie: client.cookie! }, signal: controller.signal });
        controller.abort();
        t.is(res.status === 403, !allowed, what);
        t.true(res.status < 500, `${what}: ${res.status}`);
        continue;
      }
      const res = await client.request(route.method, path, route.body ? (route.example?.body ?? {}) : undefined);
      if (allowed) t.false(res.status === 403 && res.body?.error?.code === 'forbidden', `${what} should be allowed, got ${res.status} ${res.text}`);
      // Allowed means served: a server error is not "allowed", it is a bug the walk has found.
      if (allowed) t.true(res.status < 500, `${what} should be allowed, got ${res.status} ${res.text}`);
      else t.is(res.status, 403, `${what} should be refused, got ${res.status} ${res.text}`);
    }
  }
  // That every permission is checked by some route is test/server/permissions.test.ts's job (it runs every module).
  const anonymous = new Client(live.url);
  for (const route of routes) {
    const res = await anonymous.request(route.method, pathFor(route, world.a.ids), route.body ? (route.example?.body ?? {}) : undefined);
    t.is(res.status, 401, `${route.method} ${route.path} without a session`);
  }
});

test.serial('no ACD route lets a principal of tenant A read or change anything of tenant B', async (t) => {
  const knex = live.services.store.knex;
  const bId = world.b.tenant.id;
  const before = await snapshotOf(knex, bId);
  t.not(before, JSON.stringify(ACD_TABLES.map(() => [])), 'tenant B has ACD data to protect');
  // The permission walk may have deleted A's agent seat (the bank admin may): put it back, so the
  // agent's desk stream opens and can prove it carries its own seat's events.
  const adminOfA = await loginAs(live.url, world.a.users['bank_admin']!);
  if ((await adminOfA.get(`/api/v1/acd/agents/${OWN_AGENT}`)).status === 404) {
    const seat = await adminOfA.post('/api/v1/acd/agents', { id: OWN_AGENT, name: 'alpha agent 1', extension: '722', phone: { station: 0, timeslot: 22 }, queues: [] });
    t.is(seat.status, 201, seat.text);
  }
  const principals: Array<{ label: string; client: Client }> = [];
  for (const role of TENANT_ROLES) principals.push({ label: role, client: await loginAs(live.url, world.a.users[role]!) });
  principals.push({ label: 'api token', client: Client.withToken(live.url, world.a.apiToken) });
  let calls = 0;
  /** Desk streams shown to carry the principal's own seat while B's screen pop was published. */
  let streamsProven = 0;
  for (const route of acdRoutes()) {
    for (const { label, client } of principals) {
      const query: Record<string, string> = { ...(route.example?.query ?? {}) };
      if (schemaKeys(route.query).includes('tenantId')) query['tenantId'] = bId;
      const hasParams = route.path.includes(':');
      const path = (hasParams ? pathFor(route, world.b.ids) : `/api/v1${route.path}`) + queryString(query);
      const what = `${label}: ${route.method} ${path}`;
      calls++;
      if (route.stream) {
        const headers: Record<string, string> = client.bearer ? { authorization: `Bearer ${client.bearer}` } : { cookie: client.cookie! };
        const stream = await openStream(live.url + path, headers);
        live.services.acd!.tenant(bId)!.acd.desk$.next({ type: 'screen_pop', agentId: 'bravo-agent-1', at: new Date().toISOString(), callingNumber: '13900001' });
        if (stream.status === 200 && route.id === 'acdDesk.events') {
          // A screen pop for the principal's own seat, published after B's: once it has arrived,
          // B's would have too, so its absence means it was withheld, not late.
          live.services.acd!.tenant(world.a.tenant.id)!.acd.desk$.next({ type: 'screen_pop', agentId: OWN_AGENT, at: new Date().toISOString(), callingNumber: 'walk-end' });
          await stream.until((text) => text.includes('walk-end'), `${what}: its own seat's screen pop`);
          streamsProven++;
        } else {
          await stream.untilEnd(what);
        }
        stream.close();
        t.deepEqual(leaks(stream.text), [], `${what} leaked: ${stream.text.slice(0, 300)}`);
        if (hasParams) t.true(stream.status >= 400 && stream.status < 500, `${what} answered ${stream.status} for tenant B's object`);
        continue;
      }
      const body = route.body ? { ...((route.example?.body as Record<string, unknown>) ?? {}) } : undefined;
      const res = await client.request(route.method, path, body);
      t.deepEqual(leaks(res.text), [], `${what} leaked tenant B data: ${res.text.slice(0, 300)}`);
      // Refused, not broken: a server error is a bug the walk has found, not a refusal.
      if (hasParams || query['tenantId']) t.true(res.status >= 400 && res.status < 500, `${what} answered ${res.status} for tenant B's object`);
      if (UNSAFE_METHODS.has(route.method)) t.is(await snapshotOf(knex, bId), before, `${what} changed tenant B's rows`);
    }
  }
  t.is(await snapshotOf(knex, bId), before);
  t.true(calls > 200, `walked ${calls} requests`);
  t.is(streamsProven, 1, 'the agent of A opened its desk stream and saw its own screen pop');
  // B's objects are there to be found by B.
  const b = await loginAs(live.url, world.b.users['bank_admin']!);
  const queues = await b.get('/api/v1/acd/queues');
  t.deepEqual(queues.body.items.map((q: { id: string }) => q.id), ['bravo-queue']);
  t.is((await b.get(`/api/v1/recordings/${world.b.ids['recordings']}`)).status, 200);
});

test.serial('every audited ACD write leaves exactly one audit entry naming actor, action, target and tenant', async (t) => {
  const knex = live.services.store.knex;
  const admin = await loginAs(live.url, world.a.users['bank_admin']!);
  const count = async () => Number(((await knex('audit_log').count({ n: '*' }).first()) as { n: number | string }).n);
  const supervisorId = world.a.operatorIds['supervisor']!;
  const steps: Array<[string, string, string, unknown, string | null]> = [
    ['acdQueues.create', 'POST', '/api/v1/acd/queues', { id: 'audited', name: 'Audited' }, 'audited'],
    ['acdQueues.update', 'PUT', '/api/v1/acd/queues/audited', { name: 'Audited again' }, 'audited'],
    ['acdAgents.create', 'POST', '/api/v1/acd/agents', { id: 'audited-agent', name: 'A', extension: '7901', phone: { station: 0, timeslot: 30 }, queues: [{ queueId: 'audited' }] }, 'audited-agent'],
    ['acdAgents.update', 'PUT', '/api/v1/acd/agents/audited-agent', { name: 'B', extension: '7901', phone: { station: 0, timeslot: 30 } }, 'audited-agent'],
    ['acdEntryPoints.create', 'POST', '/api/v1/acd/entry-points', { id: 'audited-entry', defaultQueueId: 'audited' }, 'audited-entry'],
    ['acdEntryPoints.update', 'PUT', '/api/v1/acd/entry-points/audited-entry', { defaultQueueId: 'alpha-queue' }, 'audited-entry'],
    ['acdEntryPoints.delete', 'DELETE', '/api/v1/acd/entry-points/audited-entry', undefined, 'audited-entry'],
    ['acdCalendar.update', 'PUT', '/api/v1/acd/calendar', { holidays: [{ date: '2026-01-01', name: '元旦' }] }, null],
    ['acdSupervisors.setTeams', 'PUT', `/api/v1/acd/supervisors/${supervisorId}/teams`, { teams: ['alpha-team'] }, supervisorId],
    ['acdAgents.delete', 'DELETE', '/api/v1/acd/agents/audited-agent', undefined, 'audited-agent'],
    ['acdQueues.delete', 'DELETE', '/api/v1/acd/queues/audited', undefined, 'audited'],
  ];
  for (const [action, method, path, body, target] of steps) {
    const before = await count();
    const res = await admin.request(method, path, body);
    t.true(res.status >= 200 && res.status < 300, `${action}: ${res.status} ${res.text}`);
    t.is(await count(), before + 1, `${action} wrote one audit entry`);
    const entry = await knex('audit_log').orderBy('at', 'desc').first();
    t.like(entry, { action, outcome: 'ok', actor_name: world.a.users['bank_admin'], tenant_id: world.a.tenant.id, target_id: target });
  }
  // Every audited ACD write is covered here, except monitoring (audited in the call-control tests).
  const covered = new Set(steps.map((s) => s[0]));
  const monitoring = new Set(['acdAgents.monitor', 'acdMonitor.setMode', 'acdMonitor.stop', 'acdAgents.forceRelease']);
  for (const route of acdRoutes().filter((r) => UNSAFE_METHODS.has(r.method) && r.audit !== false)) {
    t.true(covered.has(route.id) || monitoring.has(route.id), `${route.id} is exercised`);
  }
});
