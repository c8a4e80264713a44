/**
 * The supervisor (班长): listen to, whisper to and barge in on an agent's call, force release,
 * and the real-time view of the queues, and of the agents and lines within their reach
 * (supervisor-reach.ts). Monitoring and force release are audited (who listened to whom, when).
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { isoTime } from '../../http/schemas.js';
import { AGENT_STATES } from '../agent-state.js';
import { AcdError } from '../errors.js';
import { partyChannel } from '../live/live-call.js';
import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import { reaches, supervisorReach } from '../supervisor-reach.js';
import type { TenantRuntime } from '../live/acd-service.js';
import { acdAction, agentIdParams, runtimeOf } from './common.js';
import { deskView, deskViewSchema } from './desk-routes.js';

/**
 * An operator limited to their teams acts only on agents of those teams (any other agent
 * answers as unknown; without any team, every agent does) and listens only on their own seat.
 * Tenant-wide roles (administrators) are not limited.
 */
async function checkSupervisorReach(db: Knex, runtime: TenantRuntime, principal: Principal, agentId: string, seat?: string): Promise<void> {
  const reach = await supervisorReach(db, runtime, principal);
  if (reach === 'all') return;
  if (agentId !== principal.agentId && !reaches(reach, agentId)) throw new AcdError('acd_unknown_agent', 'unknown agent');
  if (seat !== undefined && seat !== principal.agentId) throw new AcdError('not_own_seat', 'supervisors listen on their own seat only');
}

const mode = z.enum(['listen', 'whisper', 'barge']);

const realtimeSchema = z
  .object({
    at: isoTime,
    queues: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          strategy: z.string(),
          waiting: z.number().int(),
          callbacks: z.number().int(),
          available: z.number().int(),
          staffed: z.number().int(),
          signedIn: z.number().int(),
          oldestWaitS: z.number().nullable(),
        })
        .strict(),
    ),
    agents: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          extension: z.string(),
          team: z.string(),
          state: z.enum(AGENT_STATES),
          pauseReason: z.string().nullable(),
          callId: z.string().nullable(),
          queueId: z.string().nullable(),
          phone: z.object({ station: z.number().int(), timeslot: z.number().int() }).strict(),
        })
        .strict(),
    ),
    lines: z.array(
      z
        .object({
          kind: z.enum(['trunk', 'station']),
          span: z.number().int(),
          channel: z.number().int(),
          direction: z.string(),
          calling: z.string().nullable(),
          called: z.string().nullable(),
          callId: z.string().nullable(),
          queueId: z.string().nullable(),
          agentId: z.string().nullable(),
          role: z.string().nullable(),
        })
        .strict(),
    ),
    monitors: z.array(
      z.object({ supervisorId: z.string(), seatAgentId: z.string(), agentId: z.string(), callId: z.string(), mode, connected: z.boolean() }).strict(),
    ),
  })
  .strict();

export const acdSupervisorRoutes: AnyRoute[] = [
  defineRoute({
    id: 'acdAgents.monitor',
    method: 'POST',
    path: '/acd/agents/:id/monitor',
    resource: 'acdAgents',
    summary: 'Listen to (or whisper to, or barge in on) an agent\'s call from a seat',
    description: 'The seat (an agent record with a phone; default: the supervisor\'s own) rings; once answered it hears the call. listen: heard by no one; whisper: heard by the agent only; barge: heard by both.',
    access: 'supervise',
    params: agentIdParams,
    body: z.object({ mode: mode.default('listen'), seatAgentId: z.string().min(1).max(64).optional() }).strict(),
    example: { body: { mode: 'listen', seatAgentId: 'supervisor-seat' } },
    response: deskViewSchema,
    // Rings a phone: not held in a database transaction meanwhile; the audit entry is written directly.
    transaction: false,
    handler: async ({ services, params, body, principal, audit, db }) => {
      const runtime = runtimeOf(services, principal!.tenantId);
      const seat = body.seatAgentId ?? principal!.agentId;
      await acdAction(async () => {
        runtime.acd.config.agentRecord(params.id);
        await checkSupervisorReach(db, runtime, principal!, params.id, seat ?? undefined);
        if (!seat) throw new AcdError('acd_invalid_config', 'Name the seat to listen on (seatAgentId): this operator has none');
        await runtime.supervision.monitor(principal!.id, seat, params.id, body.mode);
      });
      await audit({ targetId: params.id, after: { mode: body.mode, seat } });
      return deskView(runtime, params.id);
    },
  }),
  defineRoute({
    id: 'acdMonitor.setMode',
    method: 'PUT',
    path: '/acd/monitor',
    resource: 'acdMonitor',
    summary: 'Change my monitoring mode: listen, whisper, or barge in',
    access: 'supervise',
    body: z.object({ mode }).strict(),
    example: { body: { mode: 'barge' } },
    response: z.object({ mode }).strict(),
    transaction: false,
    handler: async ({ services, body, principal, audit }) => {
      const runtime = runtimeOf(services, principal!.tenantId);
      await acdAction(() => runtime.supervision.setMode(principal!.id, body.mode));
      await audit({ after: { mode: body.mode } });
      return { mode: body.mode };
    },
  }),
  defineRoute({
    id: 'acdMonitor.stop',
    method: 'DELETE',
    path: '/acd/monitor',
    resource: 'acdMonitor',
    summary: 'Stop monitoring (the seat\'s phone is released)',
    access: 'supervise',
    response: null,
    transaction: false,
    handler: async ({ services, principal, audit }) => {
      const runtime = runtimeOf(services, principal!.tenantId);
      await acdAction(() => runtime.supervision.stop(principal!.id));
      await audit({});
    },
  }),
  defineRoute({
    id: 'acdAgents.forceRelease',
    method: 'POST',
    path: '/acd/agents/:id/force-release',
    resource: 'acdAgents',
    summary: 'Force release (强拆): clear the agent\'s call',
    access: 'supervise',
    params: agentIdParams,
    response: deskViewSchema,
    transaction: false,
    handler: async ({ services, params, principal, audit, db }) => {
      const runtime = runtimeOf(services, principal!.tenantId);
      await acdAction(async () => {
        await checkSupervisorReach(db, runtime, principal!, params.id);
        await runtime.supervision.forceRelease(params.id);
      });
      await audit({ targetId: params.id });
      return deskView(runtime, params.id);
    },
  }),
  defineRoute({
    id: 'acdRealtime.get',
    method: 'GET',
    path: '/acd/realtime',
    resource: 'acdRealtime',
    summary: 'Every queue, and the agents and lines within my reach, now',
    description: 'Administrators see every agent and line of the tenant; a supervisor limited to their teams sees only those teams\' agents, the lines those agents are on, and their monitors (none without a team). Queue summaries are always whole.',
    access: 'supervise',
    response: realtimeSchema,
    handler: async ({ services, principal, db }) => {
      const tenantId = principal!.tenantId;
      const runtime = services.acd?.tenant(tenantId);
      const reach = await supervisorReach(db, runtime, principal!);
      const telephony = services.telephony;
      const now = runtime?.acd.now() ?? Date.now();
      const lines: z.input<typeof realtimeSchema>['lines'] = [];
      const liveOf = (callId: string) => runtime?.acd.calls.get(callId);
      for (const active of telephony?.activeCalls() ?? []) {
        if (active.tenantId !== tenantId) continue;
        const session = active.session;
        const live = liveOf(session.id);
        lines.push({
          kind: 'trunk',
          span: session.line.span,
          channel: session.line.channel,
          direction: active.direction,
          calling: session.calling || null,
          called: session.called || null,
          callId: live?.callId ?? active.session.id,
          queueId: live?.queueId ?? null,
          agentId: live?.owner?.agentId ?? null,
          role: live ? (live.owner ? 'connected' : 'queued') : null,
        });
      }
      for (const live of runtime?.acd.calls.values() ?? []) {
        const station = (agentId: string, role: string, channel: { span: number; number: number } | undefined) => {
          if (channel) lines.push({ kind: 'station', span: channel.span, channel: channel.number, direction: 'outbound', calling: live.calling || null, called: null, callId: live.callId, queueId: live.queueId, agentId, role });
        };
        if (live.owner) station(live.owner.agentId, 'agent', live.owner.leg.channel);
        for (const [agentId, slot] of live.offers) station(agentId, 'ringing', slot.leg?.channel);
        for (const party of live.parties.values()) if (party.agentId !== undefined && party.leg) station(party.agentId, party.role, partyChannel(party));
      }
      return {
        at: new Date(now).toISOString(),
        queues: (runtime?.acd.queues.listQueues() ?? []).map((q) => ({
          id: q.id,
          name: q.name,
          strategy: q.strategy,
          waiting: q.waiting,
          callbacks: q.callbacks,
          available: q.available,
          staffed: q.staffed,
          signedIn: q.signedIn,
          oldestWaitS: q.oldestWaitingSince === undefined ? null : Math.max(0, (now - q.oldestWaitingSince) / 1000),
        })),
        agents: (runtime?.acd.config.listAgentRecords() ?? []).filter((a) => reaches(reach, a.id)).map((a) => {
          const v = runtime!.acd.queues.agent(a.id);
          return {
            id: a.id,
            name: a.name,
            extension: a.extension,
            team: a.team,
            state: v.state,
            pauseReason: v.pauseReason ?? null,
            callId: v.callId ?? v.engaged?.callId ?? null,
            queueId: v.queueId ?? null,
            phone: a.phone,
          };
        }),
        lines: lines.filter((line) => reaches(reach, line.agentId)),
        monitors: (runtime?.supervision.monitors() ?? []).filter((m) => reaches(reach, m.agentId)),
      };
    },
  }),
];
