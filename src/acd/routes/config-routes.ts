/**
 * ACD configuration at run time: queues, agents (with phones, skills, memberships), entry
 * points (routing rules), the working-day calendar, and the teams each supervisor looks after.
 * Routes map HTTP to AcdConfigService, which validates each change against the running ACD
 * first (nothing changes when it is refused), writes it to the store in the request's
 * transaction, audits it, then applies it to the running ACD.
 */
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { isoTime, pageOf, tenantQueryShape } from '../../http/schemas.js';
import { pageInMemory } from '../../store/page-in-memory.js';
import { operatorsRepo } from '../../auth/store/operators-repo.js';
import { AGENT_STATES } from '../agent-state.js';
import { tenantCalendars } from '../store/calendar-cache.js';
import { acdConfigRepo } from '../store/config-repo.js';
import {
  agentInputSchema,
  agentUpdateSchema,
  calendarSchema,
  entryPointInputSchema,
  entryPointUpdateSchema,
  queueInputSchema,
  queueUpdateSchema,
  type AgentRecord,
  type QueueRecord,
} from '../store/schemas.js';
import type { AppServices } from '../../services.js';
import type { TenantRuntime } from '../live/acd-service.js';
import { AcdConfigService } from '../live/config-service.js';
import { acdAction, acdOf, agentIdParams, iso } from './common.js';
import { agentListQuery, agentListSpec, entryPointListQuery, entryPointListSpec, queueListQuery, queueListSpec } from './config-list-query.js';

const tenantQuery = z.object({ ...tenantQueryShape }).strict();
const idParams = agentIdParams;

const queueLiveSchema = z
  .object({
    waiting: z.number().int(),
    callbacks: z.number().int(),
    available: z.number().int(),
    staffed: z.number().int(),
    signedIn: z.number().int(),
    oldestWaitingSince: isoTime.nullable(),
  })
  .strict();
const queueResponse = queueInputSchema.extend({ live: queueLiveSchema.nullable() });

const agentLiveSchema = z
  .object({
    state: z.enum(AGENT_STATES),
    pauseReason: z.string().nullable(),
    callId: z.string().nullable(),
    queueId: z.string().nullable(),
  })
  .strict();
const agentResponse = agentInputSchema.extend({ live: agentLiveSchema.nullable() });

function queueOut(runtime: TenantRuntime | undefined, q: QueueRecord): z.input<typeof queueResponse> {
  let live: z.input<typeof queueLiveSchema> | null = null;
  try {
    const v = runtime?.acd.queues.queue(q.id);
    if (v) live = { waiting: v.waiting, callbacks: v.callbacks, available: v.available, staffed: v.staffed, signedIn: v.signedIn, oldestWaitingSince: iso(v.oldestWaitingSince) };
  } catch {
    live = null;
  }
  return { ...q, live };
}

function agentOut(runtime: TenantRuntime | undefined, a: AgentRecord): z.input<typeof agentResponse> {
  let live: z.input<typeof agentLiveSchema> | null = null;
  try {
    const v = runtime?.acd.queues.agent(a.id);
    if (v) live = { state: v.state, pauseReason: v.pauseReason ?? null, callId: v.callId ?? null, queueId: v.queueId ?? null };
  } catch {
    live = null;
  }
  return { ...a, live };
}

/** Check → write → audit → apply, with the ACD's refusals answered as HTTP errors. */
function configService(services: AppServices): AcdConfigService {
  return new AcdConfigService(acdOf(services), acdAction);
}

const queueExample = { id: 'consult', name: 'Consultations', strategy: 'longest_idle', ringTimeoutS: 15, wrapUpS: 10 } as const;
const agentExample = { id: 'agent-walk', name: 'Walk Agent', extension: '8901', phone: { station: 0, timeslot: 31 }, skills: { mandarin: 8 }, team: 'team-walk', city: 'Beijing', queues: [] } as const;

export const acdConfigRoutes: AnyRoute[] = [
  // ─── queues ───
  defineRoute({
    id: 'acdQueues.list',
    method: 'GET',
    path: '/acd/queues',
    resource: 'acdQueues',
    summary: 'List queues with their live figures (paged when limit is given)',
    access: 'acd:read',
    query: queueListQuery,
    response: pageOf(queueResponse),
    handler: async ({ services, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const runtime = acdOf(services).tenant(tenantId);
      const page = pageInMemory(await acdConfigRepo.queues(db, tenantId), query, queueListSpec);
      return { ...page, items: page.items.map((q) => queueOut(runtime, q)) };
    },
  }),
  defineRoute({
    id: 'acdQueues.get',
    method: 'GET',
    path: '/acd/queues/:id',
    resource: 'acdQueues',
    summary: 'One queue',
    access: 'acd:read',
    params: idParams,
    query: tenantQuery,
    response: queueResponse,
    handler: async ({ services, params, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const queue = await acdConfigRepo.queue(db, tenantId, params.id);
      if (!queue) throw new NotFoundError('queue');
      return queueOut(acdOf(services).tenant(tenantId), queue);
    },
  }),
  defineRoute({
    id: 'acdQueues.create',
    method: 'POST',
    path: '/acd/queues',
    resource: 'acdQueues',
    summary: 'Add a queue',
    description: 'Distribution settings of the ACD core (strategy, ring timeout, wrap-up, lock, max wait, overflow, local preference, service level, announcements, VIP) and live settings (recording, caller keys, survey).',
    access: 'acd:write',
    query: tenantQuery,
    body: queueInputSchema,
    response: queueResponse,
    successStatus: 201,
    example: { body: queueExample },
    handler: async ({ services, query, body, scopeTenant, db, audit }) => {
      const runtime = await configService(services).create('queues', { db, audit, tenantId: scopeTenant(query.tenantId) }, body);
      return queueOut(runtime, body);
    },
  }),
  defineRoute({
    id: 'acdQueues.update',
    method: 'PUT',
    path: '/acd/queues/:id',
    resource: 'acdQueues',
    summary: 'Change a queue (applies at once, calls keep their places)',
    access: 'acd:write',
    params: idParams,
    query: tenantQuery,
    body: queueUpdateSchema,
    response: queueResponse,
    example: { body: { name: 'Consultations', strategy: 'round_robin' } },
    handler: async ({ services, params, query, body, scopeTenant, db, audit }) => {
      const { runtime, record } = await configService(services).update('queues', { db, audit, tenantId: scopeTenant(query.tenantId) }, params.id, body);
      return queueOut(runtime, record);
    },
  }),
  defineRoute({
    id: 'acdQueues.delete',
    method: 'DELETE',
    path: '/acd/queues/:id',
    resource: 'acdQueues',
    summary: 'Remove a queue (refused while it has calls or something routes to it)',
    access: 'acd:write',
    params: idParams,
    query: tenantQuery,
    response: null,
    handler: async ({ services, params, query, scopeTenant, db, audit }) => {
      await configService(services).remove('queues', { db, audit, tenantId: scopeTenant(query.tenantId) }, params.id);
    },
  }),

  // ─── agents ───
  defineRoute({
    id: 'acdAgents.list',
    method: 'GET',
    path: '/acd/agents',
    resource: 'acdAgents',
    summary: 'List agents with their current state (paged when limit is given)',
    access: 'acd:read',
    query: agentListQuery,
    response: pageOf(agentResponse),
    handler: async ({ services, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const runtime = acdOf(services).tenant(tenantId);
      const page = pageInMemory(await acdConfigRepo.agents(db, tenantId), query, agentListSpec);
      return { ...page, items: page.items.map((a) => agentOut(runtime, a)) };
    },
  }),
  defineRoute({
    id: 'acdAgents.get',
    method: 'GET',
    path: '/acd/agents/:id',
    resource: 'acdAgents',
    summary: 'One agent',
    access: 'acd:read',
    params: idParams,
    query: tenantQuery,
    response: agentResponse,
    handler: async ({ services, params, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const agent = await acdConfigRepo.agent(db, tenantId, params.id);
      if (!agent) throw new NotFoundError('agent');
      return agentOut(acdOf(services).tenant(tenantId), agent);
    },
  }),
  defineRoute({
    id: 'acdAgents.create',
    method: 'POST',
    path: '/acd/agents',
    resource: 'acdAgents',
    summary: 'Add an agent (signed out)',
    description: 'phone: B-channel `timeslot` of station span `station` (the card\'s station-th span of agent phones); the bank rings the extension there.',
    access: 'acd:write',
    query: tenantQuery,
    body: agentInputSchema,
    response: agentResponse,
    successStatus: 201,
    example: { body: agentExample },
    handler: async ({ services, query, body, scopeTenant, db, audit }) => {
      const runtime = await configService(services).create('agents', { db, audit, tenantId: scopeTenant(query.tenantId) }, body);
      return agentOut(runtime, body);
    },
  }),
  defineRoute({
    id: 'acdAgents.update',
    method: 'PUT',
    path: '/acd/agents/:id',
    resource: 'acdAgents',
    summary: 'Change an agent (profile, phone, skills, queues); applies at once',
    access: 'acd:write',
    params: idParams,
    query: tenantQuery,
    body: agentUpdateSchema,
    response: agentResponse,
    example: { body: { name: 'Walk Agent', extension: '8901', phone: { station: 0, timeslot: 31 } } },
    handler: async ({ services, params, query, body, scopeTenant, db, audit }) => {
      const { runtime, record } = await configService(services).update('agents', { db, audit, tenantId: scopeTenant(query.tenantId) }, params.id, body);
      return agentOut(runtime, record);
    },
  }),
  defineRoute({
    id: 'acdAgents.delete',
    method: 'DELETE',
    path: '/acd/agents/:id',
    resource: 'acdAgents',
    summary: 'Remove an agent (refused unless signed out)',
    access: 'acd:write',
    params: idParams,
    query: tenantQuery,
    response: null,
    handler: async ({ services, params, query, scopeTenant, db, audit }) => {
      await configService(services).remove('agents', { db, audit, tenantId: scopeTenant(query.tenantId) }, params.id);
    },
  }),

  // ─── entry points (routing rules) ───
  defineRoute({
    id: 'acdEntryPoints.list',
    method: 'GET',
    path: '/acd/entry-points',
    resource: 'acdEntryPoints',
    summary: 'List entry points: routing rules choosing a queue by calling number, called number, time of day, working days and holidays (paged when limit is given)',
    access: 'acd:read',
    query: entryPointListQuery,
    response: pageOf(entryPointInputSchema),
    handler: async ({ query, scopeTenant, db }) => pageInMemory(await acdConfigRepo.entryPoints(db, scopeTenant(query.tenantId)), query, entryPointListSpec),
  }),
  defineRoute({
    id: 'acdEntryPoints.create',
    method: 'POST',
    path: '/acd/entry-points',
    resource: 'acdEntryPoints',
    summary: 'Add an entry point (a name the dial plan or the IVR can send calls to)',
    access: 'acd:write',
    query: tenantQuery,
    body: entryPointInputSchema,
    response: entryPointInputSchema,
    successStatus: 201,
    example: { body: { id: 'service', defaultQueueId: 'consult', rules: [{ id: 'vip', queueId: 'consult', priority: 10, callingNumber: { exact: ['13800000001'] } }] } },
    handler: async ({ services, query, body, scopeTenant, db, audit }) => {
      await configService(services).create('entryPoints', { db, audit, tenantId: scopeTenant(query.tenantId) }, body);
      return body;
    },
  }),
  defineRoute({
    id: 'acdEntryPoints.update',
    method: 'PUT',
    path: '/acd/entry-points/:id',
    resource: 'acdEntryPoints',
    summary: 'Replace an entry point\'s rules',
    access: 'acd:write',
    params: idParams,
    query: tenantQuery,
    body: entryPointUpdateSchema,
    response: entryPointInputSchema,
    example: { body: { defaultQueueId: 'consult', rules: [] } },
    handler: async ({ services, params, query, body, scopeTenant, db, audit }) => {
      const { record } = await configService(services).update('entryPoints', { db, audit, tenantId: scopeTenant(query.tenantId) }, params.id, body);
      return record;
    },
  }),
  defineRoute({
    id: 'acdEntryPoints.delete',
    method: 'DELETE',
    path: '/acd/entry-points/:id',
    resource: 'acdEntryPoints',
    summary: 'Remove an entry point',
    access: 'acd:write',
    params: idParams,
    query: tenantQuery,
    response: null,
    handler: async ({ services, params, query, scopeTenant, db, audit }) => {
      await configService(services).remove('entryPoints', { db, audit, tenantId: scopeTenant(query.tenantId) }, params.id);
    },
  }),

  // ─── calendar ───
  defineRoute({
    id: 'acdCalendar.get',
    method: 'GET',
    path: '/acd/calendar',
    resource: 'acdCalendar',
    summary: 'Working days and holidays used by routing rules and reports',
    access: 'acd:read',
    query: tenantQuery,
    response: calendarSchema,
    handler: async ({ query, scopeTenant, db }) => acdConfigRepo.calendar(db, scopeTenant(query.tenantId)),
  }),
  defineRoute({
    id: 'acdCalendar.update',
    method: 'PUT',
    path: '/acd/calendar',
    resource: 'acdCalendar',
    summary: 'Replace the calendar: time zone, weekend days, holidays, weekend days worked (调休)',
    access: 'acd:write',
    query: tenantQuery,
    body: calendarSchema,
    response: calendarSchema,
    example: { body: { timeZone: 'Asia/Shanghai', weekend: [0, 6], holidays: [{ date: '2026-10-01', name: '国庆节' }], workingDays: [{ date: '2026-10-10', name: '调休' }] } },
    handler: async ({ services, query, body, scopeTenant, db, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      await configService(services).replaceCalendar({ db, audit, tenantId }, body);
      // The IVR's open hours read the calendar through a cache (services.calendars): the next call sees this one.
      tenantCalendars.put(services.store.knex, tenantId, body);
      return body;
    },
  }),

  // ─── supervisors' teams ───
  defineRoute({
    id: 'acdSupervisors.getTeams',
    method: 'GET',
    path: '/acd/supervisors/:id/teams',
    resource: 'acdSupervisors',
    summary: 'The agent teams a supervisor looks after (their recordings are the ones they may hear)',
    access: 'acd:read',
    params: z.object({ id: z.uuid() }).strict(),
    query: tenantQuery,
    response: z.object({ teams: z.array(z.string()) }).strict(),
    handler: async ({ params, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const operator = await operatorsRepo.get(db, params.id);
      if (!operator || operator.tenantId !== tenantId) throw new NotFoundError('operator');
      return { teams: await acdConfigRepo.supervisorTeams(db, tenantId, params.id) };
    },
  }),
  defineRoute({
    id: 'acdSupervisors.setTeams',
    method: 'PUT',
    path: '/acd/supervisors/:id/teams',
    resource: 'acdSupervisors',
    summary: 'Set the teams a supervisor looks after',
    access: 'acd:write',
    params: z.object({ id: z.uuid() }).strict(),
    query: tenantQuery,
    body: z.object({ teams: z.array(z.string().min(1).max(64)).max(100) }).strict(),
    response: z.object({ teams: z.array(z.string()) }).strict(),
    example: { body: { teams: ['team-a'] } },
    handler: async ({ params, query, body, scopeTenant, db, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      const operator = await operatorsRepo.get(db, params.id);
      if (!operator || operator.tenantId !== tenantId) throw new NotFoundError('operator');
      const before = await acdConfigRepo.supervisorTeams(db, tenantId, params.id);
      await acdConfigRepo.saveSupervisorTeams(db, tenantId, params.id, body.teams);
      await audit({ targetId: params.id, before: { teams: before }, after: body, tenantId });
      return { teams: [...new Set(body.teams)].sort() };
    },
  }),
];
