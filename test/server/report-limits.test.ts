/**
 * No single request to a list, metrics or report route can stall the process that answers
 * calls: every GET route of the registry gets the worst query its schema allows (the widest
 * range, 1-minute intervals, the largest page) over a store of tens of thousands of rows, and
 * the server keeps answering while the card's engine, on a real-time clock, misses no tick.
 */
import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { Card } from '../../bindings/index.js';
import { telephonyModule } from '../../src/telephony/module.js';
import { REPORT_LIMITS } from '../../src/acd/routes/report-limits.js';
import { toDbTime } from '../../src/store/time.js';
import { appModules } from '../helpers/app-modules.js';
import { buildWorld, loginAs, pathFor, queryString, type World } from '../helpers/fixtures.js';
import { startTestServer, type Client, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
const AGENTS = 20;
const QUEUES = ['q1', 'q2', 'q3'];

let srv: TestServer;
let world: World;
let admin: Client;
let root: Client;
let card: Card;
const now = Date.now();
/** A day with more queue visits than one request may read. */
const crowdedDay = now - 100 * DAY;

async function insertMany(table: string, rows: Record<string, unknown>[]): Promise<void> {
  const knex = srv.server.services.store.knex;
  await knex.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx(table).insert(rows.slice(i, i + 500));
  });
}

function visit(tenantId: string, i: number, at: number): Record<string, unknown> {
  const answered = i % 3 !== 0;
  return {
    id: randomUUID(),
    tenant_id: tenantId,
    call_id: `c${i}`,
    queue_id: QUEUES[i % QUEUES.length],
    priority: 0,
    entered_at: toDbTime(at),
    left_at: toDbTime(at + 30_000),
    outcome: answered ? 'answered' : 'abandoned',
    wait_ms: 12_000,
    agent_id: answered ? `a${i % AGENTS}` : null,
    answered_at: answered ? toDbTime(at + 12_000) : null,
    talk_ms: answered ? 90_000 : null,
    wrap_ms: answered ? 10_000 : null,
  };
}

function agentEvent(tenantId: string, i: number, at: number): Record<string, unknown> {
  const states = ['available', 'ringing', 'talking', 'wrap_up'];
  return {
    id: randomUUID(),
    tenant_id: tenantId,
    at: toDbTime(at),
    agent_id: `a${i % AGENTS}`,
    action: 'offer',
    from_state: states[i % 4],
    to_state: states[(i + 1) % 4],
    reason: null,
    actor: 'system',
    call_id: `c${i}`,
    queue_id: QUEUES[i % QUEUES.length],
  };
}

test.before(async () => {
  srv = await startTestServer({
    config: {
      // Real-time priority where the test may have it, so other load on the machine does not count as ours.
      card: { kind: 'virtual', clock: 'realtime', trunks: 1, stations: 0, ...(process.getuid?.() === 0 ? { realtimePriority: 10 } : {}) },
      coreSim: { enabled: false },
      sim: { enabled: false },
      telephony: { promptsDir: resolve('var/prompts') },
    },
    modules: [telephonyModule(), ...appModules()],
  });
  card = srv.server.services.telephony!.card;
  world = await buildWorld(srv.server);
  const tenantId = world.a.tenant.id;
  const recent = 20_000;
  await insertMany('acd_visits', Array.from({ length: recent }, (_, i) => visit(tenantId, i, now - 30 * DAY + Math.floor((i * 30 * DAY) / recent))));
  await insertMany('acd_agent_events', Array.from({ length: recent }, (_, i) => agentEvent(tenantId, i, now - 30 * DAY + Math.floor((i * 30 * DAY) / recent))));
  await insertMany('acd_visits', Array.from({ length: REPORT_LIMITS.maxRowsRead + 1 }, (_, i) => visit(tenantId, i, crowdedDay + Math.floor((i * DAY) / (REPORT_LIMITS.maxRowsRead + 2)))));
  admin = await loginAs(srv.url, world.a.users['bank_admin']!);
  root = await loginAs(srv.url, world.platformAdmin);
});
test.after.always(async () => {
  await srv?.close();
});

function queryKeys(route: { query?: unknown }): string[] {
  const shape = (route.query as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

interface TickCounters {
  missedDeadlines: number;
  overruns: number;
  eventsDropped: number;
}

function tickCounters(): TickCounters {
  const s = card.stats();
  return { missedDeadlines: s.missedDeadlines, overruns: s.overruns, eventsDropped: s.eventsDropped };
}

/** Sends the query as the platform administrator, with the largest page the route accepts; the answer must not be a server failure. */
async function send(path: string, query: Record<string, string>, keys: string[]): Promise<{ status: number; body: any; sent: string }> {
  for (const limit of keys.includes('limit') ? ['5000', '500'] : [undefined]) {
    const sent = path + queryString({ ...query, ...(limit ? { limit } : {}) });
    const res = await root.get(sent);
    if (res.status === 422 && res.body?.error?.code === 'validation_failed' && limit === '5000') continue;
    return { status: res.status, body: res.body, sent };
  }
  throw new Error('unreachable');
}

test.serial('the issue\'s query (year 1 to 9999, 1-minute intervals) is refused as range_too_large, and the server answers on', async (t) => {
  const before = tickCounters();
  const res = await admin.get('/api/v1/acd/metrics/queues?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z&intervalMinutes=1');
  t.is(res.status, 422);
  t.is(res.body.error.code, 'range_too_large');
  const agents = await admin.get('/api/v1/acd/metrics/agents?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z&intervalMinutes=1');
  t.is(agents.body.error.code, 'range_too_large');
  t.is((await admin.get('/healthz')).status, 200);
  t.deepEqual(tickCounters(), before, 'the engine missed no tick');
});

function missedSince(before: TickCounters): TickCounters {
  const now = tickCounters();
  return { missedDeadlines: now.missedDeadlines - before.missedDeadlines, overruns: now.overruns - before.overruns, eventsDropped: now.eventsDropped - before.eventsDropped };
}

test.serial('every GET route with the worst query its schema allows: answered (or refused as too large), never a failure; no tick missed', async (t) => {
  // A request that stalls the process misses ticks on every walk; a machine busy with other work
  // can make one walk miss a tick by chance. So: up to three walks, and one must miss none.
  const walks: TickCounters[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = tickCounters();
    const ticksBefore = card.stats().ticks;
    await walkWorstQueries(t);
    t.true(card.stats().ticks > ticksBefore, 'the engine ran meanwhile');
    walks.push(missedSince(before));
    if (Object.values(walks.at(-1)!).every((n) => n === 0)) break;
  }
  t.log(`missed per walk: ${JSON.stringify(walks)}`);
  t.deepEqual(walks.at(-1), { missedDeadlines: 0, overruns: 0, eventsDropped: 0 }, 'the engine missed no tick in one of three walks');
});

async function walkWorstQueries(t: ExecutionContext): Promise<void> {
  const routes = srv.server.services.routes.list().filter((r) => r.method === 'GET' && !r.stream);
  let walked = 0;
  for (const route of routes) {
    const keys = queryKeys(route);
    if (!keys.some((k) => ['from', 'to', 'limit', 'intervalMinutes'].includes(k))) continue;
    walked++;
    // As the platform administrator (every route), into tenant A's rows where the route takes a tenant.
    const base: Record<string, string> = { ...route.example?.query, ...(keys.includes('tenantId') ? { tenantId: world.a.tenant.id } : {}) };
    const path = pathFor(route, world.a.ids);
    const widest: Record<string, string> = { ...base };
    if (keys.includes('from')) widest['from'] = '0001-01-01T00:00:00Z';
    if (keys.includes('to')) widest['to'] = '9999-12-31T00:00:00Z';
    if (keys.includes('intervalMinutes')) widest['intervalMinutes'] = '1';
    const a = await send(path, widest, keys);
    t.true(a.status === 200 || (a.status === 422 && a.body.error.code === 'range_too_large'), `${route.id} ${a.sent}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
    if (keys.includes('from') && keys.includes('to')) {
      // The widest range that is allowed, at the shortest interval it allows.
      const allowed: Record<string, string> = { ...base, from: new Date(now - REPORT_LIMITS.maxRangeMs + 1).toISOString(), to: new Date(now + 1).toISOString() };
      if (keys.includes('intervalMinutes')) allowed['intervalMinutes'] = '180';
      const b = await send(path, allowed, keys);
      t.true(b.status === 200 || (b.status === 422 && b.body.error.code === 'range_too_large'), `${route.id} ${b.sent}: ${b.status} ${JSON.stringify(b.body).slice(0, 200)}`);
    }
    t.is((await admin.get('/healthz')).status, 200, `the server answers after ${route.id}`);
  }
  t.true(walked >= 10, `${walked} list and report routes walked`);
}

test.serial('metrics: the largest allowed answers are computed; more rows or intervals than the limits are refused with range_too_large', async (t) => {
  const to = new Date(now + 1).toISOString();
  const month = new Date(now - 30 * DAY).toISOString();
  // A month of 15-minute intervals for every queue: 4 series (3 queues and '*') × 2881 intervals.
  const queues = await admin.get(`/api/v1/acd/metrics/queues?from=${month}&to=${to}&intervalMinutes=15`);
  t.is(queues.status, 200, queues.text.slice(0, 200));
  t.true(queues.body.items.length > 2 * 2880);
  t.is(queues.body.items.filter((r: { queueId: string }) => r.queueId === '*').reduce((n: number, r: { offered: number; shortAbandoned: number }) => n + r.offered + r.shortAbandoned, 0), 20_000, 'every visit counted');
  // The same for 20 agents would be 57,620 rows: refused; one agent is answered.
  const agents = await admin.get(`/api/v1/acd/metrics/agents?from=${month}&to=${to}&intervalMinutes=15`);
  t.is(agents.status, 422);
  t.is(agents.body.error.code, 'range_too_large');
  const oneAgent = await admin.get(`/api/v1/acd/metrics/agents?from=${month}&to=${to}&intervalMinutes=15&agentId=a1`);
  t.is(oneAgent.status, 200, oneAgent.text.slice(0, 200));
  t.true(oneAgent.body.items.every((r: { agentId: string }) => r.agentId === 'a1'));
  // A day with more visits than one request may read.
  const crowded = `from=${new Date(crowdedDay).toISOString()}&to=${new Date(crowdedDay + DAY).toISOString()}`;
  const tooMany = await admin.get(`/api/v1/acd/metrics/queues?${crowded}`);
  t.is(tooMany.status, 422);
  t.is(tooMany.body.error.code, 'range_too_large');
  // Listings are limited in the query: the last `limit` agent events, oldest first.
  const events = await admin.get(`/api/v1/acd/agent-events?from=${month}&to=${to}&limit=5000`);
  t.is(events.status, 200);
  t.is(events.body.items.length, 5000);
  const ats = events.body.items.map((e: { at: string }) => Date.parse(e.at));
  t.true(ats.every((at: number, i: number) => i === 0 || at >= ats[i - 1]), 'oldest first');
  t.true(ats[ats.length - 1] > now - DAY, 'the latest ones');
  const one = await admin.get(`/api/v1/acd/agent-events?from=${month}&to=${to}&limit=10&agentId=a3`);
  t.is(one.body.items.length, 10);
  t.true(one.body.items.every((e: { agentId: string }) => e.agentId === 'a3'));
});
