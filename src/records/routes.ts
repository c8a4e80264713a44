/**
 * Queries over the records: call detail records, trunk access log, agent service log, all-busy
 * waiting log, transaction log, operation audit log. All paged, all scoped to the caller's tenant.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { isoTime, pageOf, pageQueryShape, tenantQueryShape } from '../http/schemas.js';
import { NotFoundError } from '../http/errors.js';
import { cdrRepo, DISPOSITIONS, DIRECTIONS } from './store/cdr-repo.js';
import { auditRepo } from './store/audit-repo.js';
import { trunkAccessRepo, agentServiceRepo, allBusyRepo, transactionRepo } from './store/logs-repo.js';
import { AGENT_EVENTS, ALL_BUSY_OUTCOMES } from './service.js';
import { platformErrors } from '../http/errors.js';

const timeRangeShape = {
  from: isoTime.optional().describe('inclusive'),
  to: isoTime.optional().describe('exclusive'),
};

export const cdrSchema = z
  .object({
    legId: z.uuid(),
    tenantId: z.uuid(),
    nodeId: z.string(),
    callId: z.string(),
    seq: z.number().int(),
    direction: z.enum(DIRECTIONS),
    span: z.number().int().nullable(),
    channel: z.number().int().nullable(),
    calling: z.string().nullable(),
    called: z.string().nullable(),
    offeredAt: isoTime,
    answeredAt: isoTime.nullable(),
    queue: z.string().nullable(),
    queuedAt: isoTime.nullable(),
    agentId: z.string().nullable(),
    connectedAt: isoTime.nullable(),
    transferTarget: z.string().nullable(),
    transferredAt: isoTime.nullable(),
    releasedAt: isoTime.nullable(),
    disposition: z.enum(DISPOSITIONS).nullable(),
    cause: z.number().int().nullable().describe('Q.850 cause value'),
  })
  .strict();

const trunkAccessSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    at: isoTime,
    span: z.number().int(),
    channel: z.number().int().nullable(),
    direction: z.enum(['inbound', 'outbound']),
    event: z.string(),
    calling: z.string().nullable(),
    called: z.string().nullable(),
    cause: z.number().int().nullable(),
    legId: z.string().nullable(),
  })
  .strict();

const agentServiceSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    at: isoTime,
    agentId: z.string(),
    event: z.string(),
    queue: z.string().nullable(),
    reason: z.string().nullable(),
    legId: z.string().nullable(),
  })
  .strict();

const allBusySchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    legId: z.string().nullable(),
    queue: z.string(),
    calling: z.string().nullable(),
    enteredAt: isoTime,
    leftAt: isoTime,
    waitMs: z.number().int(),
    outcome: z.string(),
  })
  .strict();

const transactionSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    at: isoTime,
    legId: z.string().nullable(),
    operation: z.string(),
    adapter: z.string().nullable(),
    keyFields: z.record(z.string(), z.unknown()).nullable().describe('masked: card numbers as 6222 **** **** 1234, no PIN'),
    latencyMs: z.number().int(),
    result: z.enum(['ok', 'rejected', 'error', 'timeout']),
    errorCode: z.string().nullable(),
  })
  .strict();

const auditSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.string().nullable(),
    actorKind: z.enum(['operator', 'token', 'system', 'anonymous']),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    actorTenantId: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    outcome: z.enum(['ok', 'denied', 'failed']),
    ip: z.string().nullable(),
    at: isoTime,
    before: z.unknown(),
    after: z.unknown(),
  })
  .strict();

export const recordRoutes: AnyRoute[] = [
  defineRoute({
    id: 'cdr.list',
    method: 'GET',
    path: '/cdr',
    resource: 'cdr',
    summary: 'Call detail records (one row per call leg), newest first',
    access: 'cdr:read',
    query: z
      .object({
        ...pageQueryShape,
        ...tenantQueryShape,
        ...timeRangeShape,
        calling: z.string().max(64).optional(),
        called: z.string().max(64).optional(),
        disposition: z.enum(DISPOSITIONS).optional(),
        callId: z.string().max(36).optional(),
        agentId: z.string().max(64).optional(),
      })
      .strict(),
    response: pageOf(cdrSchema),
    handler: async ({ db, query, scopeTenant }) => cdrRepo.query(db, scopeTenant(query.tenantId), query, query),
  }),
  defineRoute({
    id: 'cdr.get',
    method: 'GET',
    path: '/cdr/:legId',
    resource: 'cdr',
    summary: 'One call leg',
    access: 'cdr:read',
    errors: [platformErrors.not_found],
    params: z.object({ legId: z.uuid() }).strict(),
    response: cdrSchema,
    handler: async ({ db, params, principal }) => {
      const leg = await cdrRepo.get(db, params.legId);
      if (!leg || (leg.tenantId !== principal!.tenantId && principal!.role !== 'platform_admin')) throw new NotFoundError('call leg');
      return leg;
    },
  }),
  defineRoute({
    id: 'trunkAccessLog.list',
    method: 'GET',
    path: '/trunk-access-log',
    resource: 'trunkAccessLog',
    summary: 'Trunk access log: seizures, answers, releases per span and channel',
    access: 'trunklog:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, ...timeRangeShape, span: z.coerce.number().int().min(0).optional(), calling: z.string().max(64).optional(), called: z.string().max(64).optional() }).strict(),
    response: pageOf(trunkAccessSchema),
    handler: async ({ db, query, scopeTenant }) => trunkAccessRepo.query(db, scopeTenant(query.tenantId), query, query),
  }),
  defineRoute({
    id: 'agentServiceLog.list',
    method: 'GET',
    path: '/agent-service-log',
    resource: 'agentServiceLog',
    summary: 'Agent service log: sign in/out, pause, resume, lock, unlock, not hung up',
    access: 'agentlog:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, ...timeRangeShape, agentId: z.string().max(64).optional(), event: z.enum(AGENT_EVENTS).optional() }).strict(),
    response: pageOf(agentServiceSchema),
    handler: async ({ db, query, scopeTenant }) => agentServiceRepo.query(db, scopeTenant(query.tenantId), query, query),
  }),
  defineRoute({
    id: 'allBusyLog.list',
    method: 'GET',
    path: '/all-busy-log',
    resource: 'allBusyLog',
    summary: 'All-busy waiting log: callers who waited because every agent was busy',
    access: 'allbusy:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, ...timeRangeShape, queue: z.string().max(64).optional(), outcome: z.enum(ALL_BUSY_OUTCOMES).optional() }).strict(),
    response: pageOf(allBusySchema),
    handler: async ({ db, query, scopeTenant }) => allBusyRepo.query(db, scopeTenant(query.tenantId), query, query),
  }),
  defineRoute({
    id: 'transactionLog.list',
    method: 'GET',
    path: '/transaction-log',
    resource: 'transactionLog',
    summary: 'Transaction log: requests to the core banking system, key fields masked',
    access: 'transactions:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, ...timeRangeShape, operation: z.string().max(64).optional(), result: z.enum(['ok', 'rejected', 'error', 'timeout']).optional() }).strict(),
    response: pageOf(transactionSchema),
    handler: async ({ db, query, scopeTenant }) => transactionRepo.query(db, scopeTenant(query.tenantId), query, query),
  }),
  defineRoute({
    id: 'auditLog.list',
    method: 'GET',
    path: '/audit-log',
    resource: 'auditLog',
    summary: 'Operation audit log: who did what, to what, when, from where, before and after',
    access: 'audit:read',
    query: z
      .object({
        ...pageQueryShape,
        ...tenantQueryShape,
        ...timeRangeShape,
        action: z.string().max(64).optional(),
        actorId: z.string().max(36).optional(),
        targetType: z.string().max(32).optional(),
        targetId: z.string().max(64).optional(),
      })
      .strict(),
    response: pageOf(auditSchema),
    handler: async ({ db, query, scopeTenant }) => auditRepo.query(db, scopeTenant(query.tenantId), query, query),
  }),
];
