/**
 * Queue and agent figures per interval, the full agent state log, survey answers, and the
 * Erlang C staffing estimate.
 *
 * Service level: share of calls answered within the queue's threshold (serviceLevel.thresholdS,
 * or `thresholdS` in the query for every queue). Abandoned calls count per `abandonTreatment`:
 *   exclude               answered within / (answered + timed out)
 *   missed (default)      answered within / (answered + timed out + abandoned)
 *   met_within_threshold  (answered within + abandoned within) / (answered + timed out + abandoned)
 * Calls abandoned within `shortAbandonS` (default 5 s) are left out of every figure. ASA is the
 * mean wait of answered calls; AHT the mean talk + wrap-up; abandonment = abandoned / offered;
 * occupancy = (talking + wrap-up + busy) / (those + available + ringing). See src/acd/metrics.ts.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { isoTime, tenantQueryShape } from '../../http/schemas.js';
import { AGENT_STATES } from '../agent-state.js';
import { Calendar } from '../../calendar/work-calendar.js';
import { agentsNeeded, erlangCFigures } from '../erlang-c.js';
import { agentMetrics, queueMetrics } from '../metrics.js';
import { acdActivityRepo } from '../store/activity-repo.js';
import { acdConfigRepo } from '../store/config-repo.js';
import { acdAction, iso } from './common.js';
import { checkReportRange, checkRowsOut, checkRowsRead, REPORT_LIMITS } from './report-limits.js';

const DAY = 86_400_000;

const rangeShape = {
  ...tenantQueryShape,
  from: isoTime.optional().describe('inclusive; default: `to` minus one day'),
  to: isoTime.optional().describe('exclusive; default: now'),
  intervalMinutes: z.coerce.number().int().min(1).max(1440).optional().describe('15, 30, 60...; omit for one bucket over the whole range'),
};

function range(services: { acd?: { tenant(id: string): { acd: { now(): number } } | undefined } }, tenantId: string, q: { from?: string | undefined; to?: string | undefined }): { from: number; to: number } {
  const now = services.acd?.tenant(tenantId)?.acd.now() ?? Date.now();
  const to = q.to ? Date.parse(q.to) : now;
  const from = q.from ? Date.parse(q.from) : to - DAY;
  return { from, to };
}

const nullableNumber = z.number().nullable();

const queueRowSchema = z
  .object({
    queueId: z.string(),
    intervalStart: isoTime,
    intervalEnd: isoTime,
    offered: z.number().int(),
    answered: z.number().int(),
    answeredWithinThreshold: z.number().int(),
    abandoned: z.number().int(),
    abandonedWithinThreshold: z.number().int(),
    shortAbandoned: z.number().int(),
    overflowed: z.number().int(),
    timedOut: z.number().int(),
    callbacks: z.number().int(),
    serviceLevel: nullableNumber,
    asaS: nullableNumber,
    ahtS: nullableNumber,
    abandonRate: nullableNumber,
    occupancy: nullableNumber,
  })
  .strict();

const agentRowSchema = z
  .object({
    agentId: z.string(),
    intervalStart: isoTime,
    intervalEnd: isoTime,
    calls: z.number().int(),
    talkMs: z.number(),
    averageTalkS: nullableNumber,
    stateMs: z.object(Object.fromEntries(AGENT_STATES.map((s) => [s, z.number()]))).strict(),
    occupancy: nullableNumber,
    longNoAnswer: z.number().int(),
    notHungUp: z.number().int(),
    locks: z.number().int(),
  })
  .strict();

const erlangSchema = z
  .object({
    trafficErlangs: z.number(),
    agents: z.number().int(),
    probabilityOfWaiting: z.number(),
    serviceLevel: z.number(),
    asaS: z.number().nullable().describe('null when the agents cannot keep up (traffic ≥ agents)'),
    occupancy: z.number(),
    agentsNeeded: z.number().int().nullable().describe('when targetServiceLevel is given: the fewest agents that meet it'),
  })
  .strict();

export const acdMetricsRoutes: AnyRoute[] = [
  defineRoute({
    id: 'acdMetrics.queues',
    method: 'GET',
    path: '/acd/metrics/queues',
    resource: 'acdMetrics',
    summary: 'Queue figures per interval: offered, answered, abandoned, service level, ASA, AHT, abandonment, occupancy',
    access: 'acd:read',
    query: z
      .object({
        ...rangeShape,
        queueId: z.string().max(64).optional(),
        abandonTreatment: z.enum(['exclude', 'missed', 'met_within_threshold']).default('missed'),
        shortAbandonS: z.coerce.number().int().min(0).max(600).default(5),
        thresholdS: z.coerce.number().int().min(0).max(86_400).optional().describe('service-level threshold for every queue; default each queue\'s own'),
      })
      .strict(),
    response: z.object({ items: z.array(queueRowSchema) }).strict(),
    handler: async ({ services, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const { from, to } = range(services, tenantId, query);
      const intervals = checkReportRange(from, to, query.intervalMinutes);
      const [allVisits, events, queues, calendar, agents] = await Promise.all([
        acdActivityRepo.visits(db, tenantId, from, to, REPORT_LIMITS.maxRowsRead + 1),
        acdActivityRepo.agentEvents(db, tenantId, from, to, REPORT_LIMITS.maxRowsRead + 1),
        acdConfigRepo.queues(db, tenantId),
        acdConfigRepo.calendar(db, tenantId),
        acdConfigRepo.agents(db, tenantId),
      ]);
      checkRowsRead('queue visits', allVisits.length);
      checkRowsRead('agent state changes', events.length);
      // One queue's rows depend only on its own visits and members: the others are not computed.
      const only = query.queueId;
      const visits = only === undefined ? allVisits : allVisits.filter((v) => v.queueId === only);
      const thresholds = new Map(queues.map((q) => [q.id, q.serviceLevel.thresholdS]));
      const memberships = new Map(agents.map((a) => [a.id, a.queues.map((m) => m.queueId).filter((id) => only === undefined || id === only)]));
      const series = new Set<string>(['*', ...visits.map((v) => v.queueId)]);
      for (const e of events) for (const id of memberships.get(e.agentId) ?? []) series.add(id);
      checkRowsOut(intervals, series.size);
      const rows = await acdAction(() =>
        queueMetrics(visits, events, (agentId) => memberships.get(agentId) ?? [], {
          from,
          to,
          ...(query.intervalMinutes === undefined ? {} : { intervalMinutes: query.intervalMinutes }),
          calendar: new Calendar({ timeZone: calendar.timeZone, weekend: calendar.weekend, holidays: calendar.holidays.map((d) => d.date) }),
          thresholdS: (queueId) => query.thresholdS ?? thresholds.get(queueId) ?? 20,
          shortAbandonS: query.shortAbandonS,
          abandonTreatment: query.abandonTreatment,
        }),
      );
      return {
        items: rows
          .filter((r) => query.queueId === undefined || r.queueId === query.queueId)
          .map((r) => ({ ...r, intervalStart: iso(r.intervalStart)!, intervalEnd: iso(r.intervalEnd)! })),
      };
    },
  }),
  defineRoute({
    id: 'acdMetrics.agents',
    method: 'GET',
    path: '/acd/metrics/agents',
    resource: 'acdMetrics',
    summary: 'Agent figures per interval: calls, talk time, time in each state, occupancy, no-answers, not-hung-up, locks',
    access: 'acd:read',
    query: z.object({ ...rangeShape, agentId: z.string().max(64).optional() }).strict(),
    response: z.object({ items: z.array(agentRowSchema) }).strict(),
    handler: async ({ services, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const { from, to } = range(services, tenantId, query);
      const intervals = checkReportRange(from, to, query.intervalMinutes);
      const [allVisits, allEvents, calendar] = await Promise.all([
        acdActivityRepo.visits(db, tenantId, from, to, REPORT_LIMITS.maxRowsRead + 1),
        acdActivityRepo.agentEvents(db, tenantId, from, to, REPORT_LIMITS.maxRowsRead + 1),
        acdConfigRepo.calendar(db, tenantId),
      ]);
      checkRowsRead('queue visits', allVisits.length);
      checkRowsRead('agent state changes', allEvents.length);
      // Each agent's rows depend only on that agent's calls and states.
      const only = query.agentId;
      const visits = only === undefined ? allVisits : allVisits.filter((v) => v.agentId === only);
      const events = only === undefined ? allEvents : allEvents.filter((e) => e.agentId === only);
      const series = new Set<string>(events.map((e) => e.agentId));
      for (const v of visits) if (v.agentId !== undefined && v.answeredAt !== undefined) series.add(v.agentId);
      checkRowsOut(intervals, series.size);
      const rows = await acdAction(() =>
        agentMetrics(visits, events, {
          from,
          to,
          ...(query.intervalMinutes === undefined ? {} : { intervalMinutes: query.intervalMinutes }),
          calendar: new Calendar({ timeZone: calendar.timeZone }),
        }),
      );
      return {
        items: rows
          .filter((r) => query.agentId === undefined || r.agentId === query.agentId)
          .map((r) => ({ ...r, stateMs: { ...r.stateMs }, intervalStart: iso(r.intervalStart)!, intervalEnd: iso(r.intervalEnd)! })),
      };
    },
  }),
  defineRoute({
    id: 'acdMetrics.agentEvents',
    method: 'GET',
    path: '/acd/agent-events',
    resource: 'acdMetrics',
    summary: 'Every agent state change with its actor (offer, answer, wrap-up, pause, lock...)',
    access: 'acd:read',
    query: z.object({ ...rangeShape, agentId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }).strict(),
    response: z
      .object({
        items: z.array(
          z
            .object({
              at: isoTime,
              agentId: z.string(),
              action: z.string(),
              from: z.string(),
              to: z.string(),
              reason: z.string().nullable(),
              actor: z.string(),
              callId: z.string().nullable(),
              queueId: z.string().nullable(),
            })
            .strict(),
        ),
      })
      .strict(),
    handler: async ({ services, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const { from, to } = range(services, tenantId, query);
      const events = await acdActivityRepo.latestAgentEvents(db, tenantId, from, to, query.agentId, query.limit);
      return {
        items: events
          .map((e) => ({
            at: iso(e.at)!,
            agentId: e.agentId,
            action: e.action,
            from: e.from,
            to: e.to,
            reason: e.reason ?? null,
            actor: e.actor.kind === 'supervisor' ? `supervisor:${e.actor.id}` : e.actor.kind,
            callId: e.callId ?? null,
            queueId: e.queueId ?? null,
          })),
      };
    },
  }),
  defineRoute({
    id: 'acdMetrics.surveys',
    method: 'GET',
    path: '/acd/surveys',
    resource: 'acdMetrics',
    summary: 'Satisfaction survey answers (1 very satisfied, 2 satisfied, 3 dissatisfied, null no answer)',
    access: 'acd:read',
    query: z.object({ ...rangeShape, limit: z.coerce.number().int().min(1).max(5000).default(500) }).strict(),
    response: z
      .object({
        items: z.array(
          z.object({ at: isoTime, callId: z.string(), agentId: z.string().nullable(), queueId: z.string().nullable(), rating: z.number().int().nullable() }).strict(),
        ),
      })
      .strict(),
    handler: async ({ services, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const { from, to } = range(services, tenantId, query);
      const rows = await acdActivityRepo.surveys(db, tenantId, from, to, query.limit);
      return { items: rows.map((r) => ({ at: iso(r.at)!, callId: r.callId, agentId: r.agentId, queueId: r.queueId, rating: r.rating })) };
    },
  }),
  defineRoute({
    id: 'acdStaffing.erlangC',
    method: 'GET',
    path: '/acd/staffing/erlang-c',
    resource: 'acdMetrics',
    summary: 'Erlang C: waiting probability, service level, ASA and occupancy for a staffing level, or the agents needed for a target',
    description: 'Example: calls=100, intervalS=1800, ahtS=180, agents=14, thresholdS=20 → Pw 0.1741, SL 88.84 %, ASA 7.84 s, occupancy 71.4 %.',
    access: 'acd:read',
    query: z
      .object({
        calls: z.coerce.number().min(0).max(1e7),
        intervalS: z.coerce.number().positive().max(86_400).default(1800),
        ahtS: z.coerce.number().positive().max(86_400),
        agents: z.coerce.number().int().min(0).max(100_000).optional(),
        thresholdS: z.coerce.number().min(0).max(86_400).default(20),
        targetServiceLevel: z.coerce.number().gt(0).lt(1).optional().describe('e.g. 0.8: also answer the fewest agents that reach it'),
      })
      .strict()
      .refine((q) => q.agents !== undefined || q.targetServiceLevel !== undefined, 'give agents, targetServiceLevel, or both'),
    example: { query: { calls: '100', intervalS: '1800', ahtS: '180', agents: '14', thresholdS: '20' } },
    response: erlangSchema,
    handler: async ({ query }) =>
      acdAction(() => {
        const needed = query.targetServiceLevel === undefined ? undefined : agentsNeeded({ calls: query.calls, intervalS: query.intervalS, ahtS: query.ahtS, thresholdS: query.thresholdS, serviceLevel: query.targetServiceLevel });
        const agents = query.agents ?? needed!.agents;
        const f = erlangCFigures({ calls: query.calls, intervalS: query.intervalS, ahtS: query.ahtS, agents, thresholdS: query.thresholdS });
        return {
          trafficErlangs: f.trafficErlangs,
          agents,
          probabilityOfWaiting: f.probabilityOfWaiting,
          serviceLevel: f.serviceLevel,
          asaS: Number.isFinite(f.asaS) ? f.asaS : null,
          occupancy: f.occupancy,
          agentsNeeded: needed?.agents ?? null,
        };
      }),
  }),
];
