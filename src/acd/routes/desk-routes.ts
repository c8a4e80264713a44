/**
 * The agent desk: sign in and out, pause and resume, wrap-up done, unlock, and call control
 * (answer, hang up, hold, retrieve, transfer, consult, three-way, conference, pick-up, calls to
 * agents and numbers, the survey). `/acd/agents/:id/...` acts on one seat: an agent on their
 * own (their operator's agent id), a supervisor or administrator on any seat of the tenant.
 *
 * Refusals carry the ACD's codes: 404 acd_unknown_agent / acd_unknown_queue / acd_unknown_call,
 * 409 acd_illegal_state (e.g. answer while paused, transfer with no call), 422
 * acd_invalid_config; a refused action changes nothing.
 *
 * These routes are not in the operation audit log (audit: false): they change no configuration,
 * and every state change they cause is in the agent service log with its actor (agent or
 * supervisor).
 */
import { z } from 'zod';
import type { Knex } from 'knex';
import { NotFoundError } from '../../http/errors.js';
import { defineRoute, type AnyRoute, type AuditRecord } from '../../http/routes.js';
import { tenantsRepo } from '../../tenants/store/tenants-repo.js';
import { numberNotAllowed, outsideNumberAllowed } from '../../telephony/outside-numbers.js';
import { isoTime } from '../../http/schemas.js';
import type { AppServices } from '../../services.js';
import type { Principal } from '../../auth/principal.js';
import { AGENT_STATES } from '../agent-state.js';
import type { TenantRuntime } from '../live/acd-service.js';
import { partyChannel } from '../live/live-call.js';
import type { Actor } from '../ports.js';
import { acdAction, actorFor, agentIdParams, iso, runtimeOf } from './common.js';

const number = z.string().regex(/^\+?\d{3,20}$/, '3–20 digits');
const agentId = z.string().min(1).max(64);
const partyTarget = z.union([z.object({ agentId }).strict(), z.object({ number }).strict()]);
const transferTarget = z.union([z.object({ agentId }).strict(), z.object({ queueId: agentId }).strict(), z.object({ number }).strict()]);

export const deskViewSchema = z
  .object({
    id: z.string(),
    state: z.enum(AGENT_STATES),
    pauseReason: z.string().nullable(),
    pendingPause: z.string().nullable(),
    wrapUntil: isoTime.nullable(),
    engaged: z.object({ purpose: z.string(), callId: z.string().nullable() }).strict().nullable(),
    call: z
      .object({
        callId: z.string(),
        callingNumber: z.string(),
        queueId: z.string(),
        held: z.boolean(),
        parties: z.array(z.object({ role: z.string(), agentId: z.string().nullable(), number: z.string().nullable(), connected: z.boolean() }).strict()),
        line: z.object({ span: z.number().int(), channel: z.number().int() }).strict().nullable(),
      })
      .strict()
      .nullable(),
    ringing: z.object({ callId: z.string(), callingNumber: z.string(), queueId: z.string() }).strict().nullable(),
    deskCall: z.object({ id: z.string(), connected: z.boolean(), withAgent: z.string().nullable(), number: z.string().nullable() }).strict().nullable(),
  })
  .strict();
export type DeskView = z.input<typeof deskViewSchema>;

export function deskView(runtime: TenantRuntime, agentId: string): DeskView {
  const acd = runtime.acd;
  const v = acd.queues.agent(agentId);
  let call: DeskView['call'] = null;
  for (const live of acd.calls.values()) {
    if (live.owner?.agentId !== agentId) continue;
    const channel = live.customer?.channel;
    call = {
      callId: live.callId,
      callingNumber: live.calling,
      queueId: live.queueId,
      held: live.held,
      parties: [...live.parties.values()]
        .filter((p) => p.role !== 'monitor')
        .map((p) => ({ role: p.role, agentId: p.agentId ?? null, number: p.number ?? null, connected: p.connected && partyChannel(p) !== undefined })),
      line: channel ? { span: channel.span, channel: channel.number } : null,
    };
  }
  const ringingCall = acd.calls.ringingCall(agentId);
  const desk = runtime.deskCalls.of(agentId);
  return {
    id: v.id,
    state: v.state,
    pauseReason: v.pauseReason ?? null,
    pendingPause: v.pendingPause ?? null,
    wrapUntil: iso(v.wrapUntil),
    engaged: v.engaged ? { purpose: v.engaged.purpose, callId: v.engaged.callId ?? null } : null,
    call,
    ringing: ringingCall ? { callId: ringingCall.callId, callingNumber: ringingCall.calling, queueId: ringingCall.queueId } : null,
    deskCall: desk
      ? {
          id: desk.id,
          connected: desk.connected,
          withAgent: desk.target.kind === 'agent' ? (desk.target.agentId === agentId ? desk.agentId : desk.target.agentId) : null,
          number: desk.target.kind === 'number' ? desk.target.number : null,
        }
      : null,
  };
}

type Handler<B> = (runtime: TenantRuntime, agentId: string, actor: Actor, body: B, principal: Principal) => Promise<unknown> | unknown;

interface ActionSpec<B extends z.ZodType | undefined> {
  id: string;
  path: string;
  summary: string;
  description?: string;
  body?: B;
  example?: unknown;
  run: Handler<B extends z.ZodType ? z.output<B> : undefined>;
}

/** One desk action on a seat: find the tenant's ACD, check who may act, run, answer the seat's view. */
function seatAction<B extends z.ZodType | undefined = undefined>(spec: ActionSpec<B>): AnyRoute {
  const route: AnyRoute = {
    id: spec.id,
    method: 'POST',
    path: `/acd/agents/:id/${spec.path}`,
    resource: 'acdAgents',
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    access: 'agent:self',
    params: agentIdParams,
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.example !== undefined ? { example: { body: spec.example } } : {}),
    response: deskViewSchema,
    // Not in the operation audit log: every state change is in the agent service log with its actor.
    audit: false,
    handler: async ({ services, params, body, principal, db, audit }: { services: AppServices; params: { id: string }; body: unknown; principal: Principal | undefined; db: Knex; audit: (entry: AuditRecord) => Promise<void> }) => {
      const actor = actorFor(principal, params.id);
      const runtime = runtimeOf(services, principal!.tenantId);
      const number = (body as { number?: unknown } | undefined)?.number;
      if (typeof number === 'string') {
        // Outside calls are audited, and refused outside the tenant's allowed numbers (toll fraud).
        const tenant = await tenantsRepo.get(db, principal!.tenantId);
        const allowed = outsideNumberAllowed(services.config, tenant?.code, number);
        await audit({ action: 'acdAgents.outsideCall', targetType: 'acdAgents', targetId: params.id, outcome: allowed ? 'ok' : 'failed', after: { number, via: spec.id } });
        if (!allowed) throw numberNotAllowed('this number may not be called from the desk');
      }
      await acdAction(async () => {
        runtime.acd.config.agentRecord(params.id);
        await spec.run(runtime, params.id, actor, body as never, principal!);
      });
      return deskView(runtime, params.id);
    },
  };
  return route;
}

export const acdDeskRoutes: AnyRoute[] = [
  defineRoute({
    id: 'acdDesk.get',
    method: 'GET',
    path: '/acd/desk',
    resource: 'acdDesk',
    summary: 'My seat: state, the call I have, what is ringing',
    access: 'agent:self',
    response: deskViewSchema,
    handler: async ({ services, principal }) => {
      const agentId = principal?.agentId;
      if (!agentId) throw new NotFoundError('agent seat of this operator');
      const runtime = runtimeOf(services, principal.tenantId);
      return acdAction(() => {
        runtime.acd.config.agentRecord(agentId);
        return deskView(runtime, agentId);
      });
    },
  }),
  defineRoute({
    id: 'acdDesk.availableAgents',
    method: 'GET',
    path: '/acd/available-agents',
    resource: 'acdDesk',
    summary: 'Idle agents to transfer to or consult (optionally members of one queue)',
    access: 'agent:self',
    query: z.object({ queueId: agentId.optional() }).strict(),
    response: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), extension: z.string(), team: z.string(), city: z.string() }).strict()) }).strict(),
    handler: async ({ services, principal, query }) => {
      const runtime = services.acd?.tenant(principal!.tenantId);
      if (!runtime) return { items: [] };
      return acdAction(() => ({
        items: runtime.acd.queues.availableAgents(query.queueId).map((a) => ({ id: a.id, name: a.name, extension: a.extension, team: a.team, city: a.city })),
      }));
    },
  }),
  seatAction({
    id: 'acdAgents.signIn',
    path: 'sign-in',
    summary: 'Sign in (available, or straight into a pause with a reason)',
    body: z.object({ pauseReason: z.string().min(1).max(64).optional() }).strict(),
    example: {},
    run: (rt, id, actor, body) => rt.acd.queues.signIn(id, { actor, ...(body.pauseReason ? { pauseReason: body.pauseReason } : {}) }),
  }),
  seatAction({ id: 'acdAgents.signOut', path: 'sign-out', summary: 'Sign out (refused during a call)', run: (rt, id, actor) => rt.acd.queues.signOut(id, actor) }),
  seatAction({
    id: 'acdAgents.pause',
    path: 'pause',
    summary: 'Pause with a reason (during a call: when it ends)',
    body: z.object({ reason: z.string().min(1).max(64) }).strict(),
    example: { reason: 'break' },
    run: (rt, id, actor, body) => rt.acd.queues.pause(id, body.reason, actor),
  }),
  seatAction({ id: 'acdAgents.resume', path: 'resume', summary: 'Resume from a pause', run: (rt, id, actor) => rt.acd.queues.resume(id, actor) }),
  seatAction({ id: 'acdAgents.ready', path: 'ready', summary: 'End wrap-up now', run: (rt, id) => rt.acd.queues.ready(id) }),
  seatAction({ id: 'acdAgents.unlock', path: 'unlock', summary: 'Unlock a seat locked after a long no-answer (闭锁)', run: (rt, id, actor) => rt.acd.queues.unlock(id, actor) }),
  seatAction({
    id: 'acdAgents.answer',
    path: 'answer',
    summary: 'Answer the ringing call (simulated phones; a real phone is answered by lifting it)',
    run: (rt, id) => {
      // The agent's own phone may ring for a desk call or a consultation (state busy).
      const desk = rt.deskCalls.of(id);
      const deskRinging = desk !== undefined && ((desk.agentId === id && desk.callerLeg !== undefined && !desk.callerLeg.up) || (desk.agentId !== id && desk.calleeLeg !== undefined && !desk.calleeLeg.up));
      const partyRinging = [...rt.acd.calls.values()].some((c) => [...c.parties.values()].some((p) => p.agentId === id && !p.connected));
      return rt.control.answer(id, deskRinging || partyRinging);
    },
  }),
  seatAction({ id: 'acdAgents.hangUp', path: 'hang-up', summary: 'Hang up (or decline what is ringing)', run: (rt, id) => (rt.deskCalls.of(id) ? rt.deskCalls.hangUp(rt.deskCalls.of(id)!) : rt.control.hangUp(id)) }),
  seatAction({ id: 'acdAgents.hold', path: 'hold', summary: 'Put the customer on hold (music)', run: (rt, id) => rt.control.hold(id) }),
  seatAction({ id: 'acdAgents.retrieve', path: 'retrieve', summary: 'Take the customer off hold', run: (rt, id) => rt.control.retrieve(id) }),
  seatAction({
    id: 'acdAgents.transfer',
    path: 'transfer',
    summary: 'Blind transfer to an agent, a queue (keeping the caller\'s place) or an outside number',
    body: transferTarget,
    example: { queueId: 'consult' },
    run: (rt, id, _actor, body) => rt.control.transfer(id, body),
  }),
  seatAction({
    id: 'acdAgents.consult',
    path: 'consult',
    summary: 'Consult an agent or a number with the customer on hold',
    body: partyTarget,
    example: { agentId: 'agent-2' },
    run: (rt, id, _actor, body) => rt.control.consult(id, body),
  }),
  seatAction({ id: 'acdAgents.completeConsult', path: 'consult/complete', summary: 'Hand the customer to the consulted party (consultative transfer)', run: (rt, id) => rt.control.completeConsult(id) }),
  seatAction({ id: 'acdAgents.cancelConsult', path: 'consult/cancel', summary: 'End the consultation, back to the customer', run: (rt, id) => rt.control.cancelConsult(id) }),
  seatAction({ id: 'acdAgents.threeWay', path: 'three-way', summary: 'Join the customer and the consulted party: a three-way call', run: (rt, id) => rt.control.threeWay(id) }),
  seatAction({
    id: 'acdAgents.conference',
    path: 'conference',
    summary: 'Bring another agent or a number into the call (conference)',
    body: partyTarget,
    example: { number: '13900000000' },
    run: (rt, id, _actor, body) => rt.control.conference(id, body),
  }),
  seatAction({
    id: 'acdAgents.pickUp',
    path: 'pick-up',
    summary: 'Pick up a call ringing at another seat (代接)',
    body: z.union([z.object({ callId: z.string().min(1).max(64) }).strict(), z.object({ agentId }).strict()]),
    example: { agentId: 'agent-2' },
    run: (rt, id, _actor, body) => rt.control.pickUp(id, body),
  }),
  seatAction({
    id: 'acdAgents.call',
    path: 'call',
    summary: 'Call another agent or an outside number from the desk (the agent\'s phone rings first)',
    body: partyTarget,
    example: { agentId: 'agent-2' },
    run: (rt, id, _actor, body) => rt.deskCalls.start(id, body),
  }),
  seatAction({ id: 'acdAgents.survey', path: 'survey', summary: 'Hand the customer to the satisfaction survey', run: (rt, id) => rt.control.survey(id) }),
];
