/**
 * ACD configuration at run time: queues, agents (with phones, skills, memberships), entry
 * points (routing rules), the working-day calendar, and the teams each supervisor looks after.
 * Every change is validated against the running ACD first (nothing changes when it is
 * refused), written to the store in the request's transaction, then applied to the running ACD.
 */
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { isoTime, tenantQueryShape } from '../../http/schemas.js';
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
import type { TenantRuntime } from '../live/acd-service.js';
import { acdAction, acdOf, agentIdParams, iso } from './common.js';
import { AcdError } from '../errors.js';

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

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) }).strict();

const queueExample = { id: 'consult', name: 'Consultations', strategy: 'longest_idle', ringTimeoutS: 15, wrapUpS: 10 } as const;
const agentExample = { id: 'agent-walk', name: 'Walk Agent', extension: '8901', phone: { station: 0, timeslot: 31 }, skills: { mandarin: 8 }, team: 'team-walk', city: 'Beijing', queues: [] } as const;

export const acdConfigRoutes: AnyRoute[] = [
  // ─── queues ───
  defineRoute({
    id: 'acdQueues.list',
    method: 'GET',
    path: '/acd/queues',
    resource: 'acdQueues',
    summary: 'List queues with their live figures',
    access: 'acd:read',
    query: tenantQuery,
    response: list(queueResponse),
    handler: async ({ services, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const runtime = acdOf(services).tenant(tenantId);
      const queues = await acdConfigRepo.queues(db, tenantId);
      return { items: queues.map((q) => queueOut(runtime, q)) };
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
      const tenantId = scopeTenant(query.tenantId);
      const runtime = await acdOf(services).ensure(tenantId, db);
      if (await acdConfigRepo.queue(db, tenantId, body.id)) throw new ConflictError(`queue ${body.id} exists`, 'already_exists');
      await acdAction(() => runtime.acd.checkQueue(body));
      await acdConfigRepo.saveQueue(db, tenantId, body);
      await audit({ targetId: body.id, after: body, tenantId });
      await acdAction(() => runtime.acd.applyQueue(body));
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
      const tenantId = scopeTenant(query.tenantId);
      const before = await acdConfigRepo.queue(db, tenantId, params.id);
      if (!before) throw new NotFoundError('queue');
      const runtime = await acdOf(services).ensure(tenantId, db);
      const record: QueueRecord = { ...body, id: params.id };
      await acdAction(() => runtime.acd.checkQueue(record));
      await acdConfigRepo.saveQueue(db, tenantId, record);
      await audit({ targetId: params.id, before, after: record, tenantId });
      await acdAction(() => runtime.acd.applyQueue(record));
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
      const tenantId = scopeTenant(query.tenantId);
      const before = await acdConfigRepo.queue(db, tenantId, params.id);
      if (!before) throw new NotFoundError('queue');
      const runtime = acdOf(services).tenant(tenantId);
      if (runtime) await acdAction(() => runtime.acd.checkQueueRemovable(params.id));
      await acdConfigRepo.deleteQueue(db, tenantId, params.id);
      await audit({ targetId: params.id, before, tenantId });
      if (runtime) await acdAction(() => runtime.acd.removeQueue(params.id));
    },
  }),

  // ─── agents ───
  defineRoute({
    id: 'acdAgents.list',
    method: 'GET',
    path: '/acd/agents',
    resource: 'acdAgents',
    summary: 'List agents with their current state',
    access: 'acd:read',
    query: tenantQuery,
    response: list(agentResponse),
    handler: async ({ services, query, scopeTenant, db }) => {
      const tenantId = scopeTenant(query.tenantId);
      const runtime = acdOf(services).tenant(tenantId);
      return { items: (await acdConfigRepo.agents(db, tenantId)).map((a) => agentOut(runtime, a)) };
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
      const tenantId = scopeTenant(query.tenantId);
      const runtime = await acdOf(services).ensure(tenantId, db);
      if (await acdConfigRepo.agent(db, tenantId, body.id)) throw new ConflictError(`agent ${body.id} exists`, 'already_exists');
      await acdAction(() => runtime.acd.checkAgent(body));
      const taken = await acdConfigRepo.phoneTaken(db, tenantId, body);
      if (taken) throw new AcdError(`${taken}_in_use`, `that ${taken} is another agent's`);
      await acdConfigRepo.saveAgent(db, tenantId, body);
      await audit({ targetId: body.id, after: body, tenantId });
      await acdAction(() => runtime.acd.applyAgent(body));
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
      const tenantId = scopeTenant(query.tenantId);
      const before = await acdConfigRepo.agent(db, tenantId, params.id);
      if (!before) throw new NotFoundError('agent');
      const runtime = await acdOf(services).ensure(tenantId, db);
      const record: AgentRecord = { ...body, id: params.id };
      await acdAction(() => runtime.acd.checkAgent(record));
      const taken = await acdConfigRepo.phoneTaken(db, tenantId, record);
      if (taken) throw new AcdError(`${taken}_in_use`, `that ${taken} is another agent's`);
      await acdConfigRepo.saveAgent(db, tenantId, record);
      await audit({ targetId: params.id, before, after: record, tenantId });
      await acdAction(() => runtime.acd.applyAgent(record));
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
      const tenantId = scopeTenant(query.tenantId);
      const before = await acdConfigRepo.agent(db, tenantId, params.id);
      if (!before) throw new NotFoundError('agent');
      const runtime = acdOf(services).tenant(tenantId);
      if (runtime) await acdAction(() => runtime.acd.checkAgentRemovable(params.id));
      await acdConfigRepo.deleteAgent(db, tenantId, params.id);
      await audit({ targetId: params.id, before, tenantId });
      if (runtime) await acdAction(() => runtime.acd.removeAgent(params.id));
    },
  }),

  // ─── entry points (routing rules) ───
  defineRoute({
    id: 'acdEntryPoints.list',
    method: 'GET',
    path: '/acd/entry-points',
    resource: 'acdEntryPoints',
    summary: 'List entry points: routing rules choosing a queue by calling number, called number, time of day, working days and holidays',
    access: 'acd:read',
    query: tenantQuery,
    response: list(entryPointInputSchema),
    handler: async ({ query, scopeTenant, db }) => ({ items: await acdConfigRepo.entryPoints(db, scopeTenant(query.tenantId)) }),
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
      const tenantId = scopeTenant(query.tenantId);
      const runtime = await acdOf(services).ensure(tenantId, db);
      if ((await acdConfigRepo.entryPoints(db, tenantId)).some((e) => e.id === body.id)) throw new ConflictError(`entry point ${body.id} exists`, 'already_exists');
      await acdAction(() => runtime.acd.checkEntryPoint(body));
      await acdConfigRepo.saveEntryPoint(db, tenantId, body);
      await audit({ targetId: body.id, after: body, tenantId });
      await acdAction(() => runtime.acd.applyEntryPoint(body));
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
      const tenantId = scopeTenant(query.tenantId);
      const before = (await acdConfigRepo.entryPoints(db, tenantId)).find((e) => e.id === params.id);
      if (!before) throw new NotFoundError('entry point');
      const runtime = await acdOf(services).ensure(tenantId, db);
      const record = { ...body, id: params.id };
      await acdAction(() => runtime.acd.checkEntryPoint(record));
      await acdConfigRepo.saveEntryPoint(db, tenantId, record);
      await audit({ targetId: params.id, before, after: record, tenantId });
      await acdAction(() => runtime.acd.applyEntryPoint(record));
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
      const tenantId = scopeTenant(query.tenantId);
      const before = (await acdConfigRepo.entryPoints(db, tenantId)).find((e) => e.id === params.id);
      if (!before) throw new NotFoundError('entry point');
      await acdConfigRepo.deleteEntryPoint(db, tenantId, params.id);
      await audit({ targetId: params.id, before, tenantId });
      const runtime = acdOf(services).tenant(tenantId);
      if (runtime) await acdAction(() => runtime.acd.removeEntryPoint(params.id));
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
      const before = await acdConfigRepo.calendar(db, tenantId);
      await acdConfigRepo.saveCalendar(db, tenantId, body);
      await audit({ targetId: null, before, after: body, tenantId });
      const runtime = await acdOf(services).ensure(tenantId, db);
      runtime.acd.applyCalendar(body);
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
