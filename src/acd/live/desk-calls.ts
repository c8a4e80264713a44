/**
 * Calls an agent makes from the desk: to another agent (agent-to-agent, 座席互拨) or to an
 * outside number (outbound). Click-to-dial: the agent's own phone rings first; once they lift
 * it, the other party is rung (or dialled through a trunk) and the two are bridged. Both agents
 * are busy in the core meanwhile, so no queue call is offered to them; when either side hangs
 * up, both are released.
 *
 * Records: an agent-to-agent call has an internal CDR leg (calling and called are the
 * extensions, connected stage = the calling agent); an outbound call has the trunk's outbound
 * leg (written by the telephony service) with the calling agent as its connected stage.
 *
 * Recording (recording-policy.ts; queue id null, calling/called as in the CDR): an outbound
 * call per the agent's setting ('inherit': the agent's queues), recorded on the outside party's
 * session, so secure entry pauses it; an agent-to-agent call only when one agent says always
 * and neither never, recorded on the calling agent's phone (both agents, mixed). Recording
 * starts once the two are bridged and stops when the call ends.
 */
import { randomUUID } from 'node:crypto';
import type { Conference } from '../../../bindings/index.js';
import { shouldRecordInternal, shouldRecordOutbound, type QueueRecordingSetting } from '../recording/recording-policy.js';
import { CallSession } from '../../telephony/call-session.js';
import { AcdError } from '../errors.js';
import type { AgentRecord } from '../store/schemas.js';
import type { PhoneLeg } from './phones.js';
import type { TenantAcd } from './tenant-acd.js';

export interface DeskCall {
  readonly id: string;
  readonly agentId: string;
  readonly target: { kind: 'agent'; agentId: string } | { kind: 'number'; number: string };
  callerLeg: PhoneLeg | undefined;
  calleeLeg: PhoneLeg | undefined;
  outside: CallSession | undefined;
  conference: Conference | undefined;
  cdrLegId: string | undefined;
  recordingId: string | undefined;
  connected: boolean;
  ended: boolean;
}

export class DeskCalls {
  private readonly byAgent = new Map<string, DeskCall>();

  constructor(private readonly acd: Pick<TenantAcd, 'queues' | 'config' | 'publisher' | 'work' | 'telephony' | 'card' | 'deps' | 'now' | 'tenantId'>) {}

  /** The desk call an agent is on (either end), if any. */
  of(agentId: string): DeskCall | undefined {
    return this.byAgent.get(agentId);
  }

  list(): DeskCall[] {
    return [...new Set(this.byAgent.values())];
  }

  /** Starts a call; resolves once the agent's phone is ringing. */
  async start(agentId: string, target: { agentId: string } | { number: string }): Promise<DeskCall> {
    const caller = this.acd.config.agentRecord(agentId);
    let callee: AgentRecord | undefined;
    if ('agentId' in target) {
      callee = this.acd.config.agentRecord(target.agentId);
      if (callee.id === agentId) throw new AcdError('acd_illegal_state', 'An agent cannot call themselves', { agentId });
    } else if (!/^\+?\d{3,20}$/.test(target.number)) {
      throw new AcdError('acd_invalid_config', 'A number is 3–20 digits');
    }
    if (this.byAgent.has(agentId)) throw new AcdError('acd_illegal_state', `Agent ${agentId} is already on a desk call`, { agentId });
    this.acd.queues.engage(agentId, { purpose: callee ? 'agent_call' : 'outbound' });
    if (callee) {
      try {
        this.acd.queues.engage(callee.id, { purpose: 'agent_call', actor: { kind: 'system' } });
      } catch (err) {
        this.acd.work.tell(() => this.acd.queues.disengage(agentId));
        throw err;
      }
    }
    const call: DeskCall = {
      id: randomUUID(),
      agentId,
      target: callee ? { kind: 'agent', agentId: callee.id } : { kind: 'number', number: (target as { number: string }).number },
      callerLeg: undefined,
      calleeLeg: undefined,
      outside: undefined,
      conference: undefined,
      cdrLegId: undefined,
      recordingId: undefined,
      connected: false,
      ended: false,
    };
    this.byAgent.set(agentId, call);
    if (callee) this.byAgent.set(callee.id, call);
    try {
      call.callerLeg = await this.acd.deps.stations.ring(caller.phone, caller.extension, callee ? callee.extension : call.target.kind === 'number' ? call.target.number : '');
    } catch (err) {
      this.end(call);
      throw err;
    }
    this.acd.work.background(call.callerLeg.released.then(() => this.end(call)), 'desk call release');
    this.acd.work.background(this.proceed(call, caller, callee), 'desk call');
    return call;
  }

  /** Hangs up both sides. */
  hangUp(call: DeskCall): void {
    this.end(call);
  }

  private async proceed(call: DeskCall, caller: AgentRecord, callee: AgentRecord | undefined): Promise<void> {
    const leg = call.callerLeg!;
    const cancel = this.acd.card.clock.setTimeout(() => void leg.hangUp(), this.acd.deps.deskRingTimeoutMs);
    const lifted = await leg.answered;
    cancel();
    if (!lifted || call.ended) return this.end(call);
    const records = this.acd.deps.records;
    if (callee) {
      call.cdrLegId = await records.cdr
        .offered({ tenantId: this.acd.tenantId, direction: 'internal', calling: caller.extension, called: callee.extension, at: this.acd.now() })
        .catch(() => undefined);
      void leg.channel.playTone('ringback').catch(() => undefined);
      try {
        call.calleeLeg = await this.acd.deps.stations.ring(callee.phone, callee.extension, caller.extension);
      } catch {
        return this.end(call);
      }
      const other = call.calleeLeg;
      this.acd.work.background(other.released.then(() => this.end(call)), 'desk call release');
      const timeout = this.acd.card.clock.setTimeout(() => void other.hangUp(), this.acd.deps.deskRingTimeoutMs);
      const answered = await other.answered;
      timeout();
      void leg.channel.stopTone().catch(() => undefined);
      if (!answered || call.ended) return this.end(call);
      call.conference = await this.acd.card.bridge(leg.channel, other.channel).catch(() => undefined);
      const cdrLegId = call.cdrLegId;
      if (cdrLegId) {
        this.acd.work.cdrStage(() => records.cdr.answered(cdrLegId, this.acd.now()));
        this.acd.work.cdrStage(() => records.cdr.connected(cdrLegId, { agentId: caller.id, at: this.acd.now() }));
      }
      this.acd.publisher.emitDesk(callee.id, 'connected', { deskCallId: call.id, withAgent: caller.id });
      if (shouldRecordInternal(caller.recording, callee.recording)) {
        const recorded = caller.recording === 'always' ? caller : callee;
        const session = new CallSession(this.acd.card, leg.call, { trunkSpan: leg.call.span, tenantId: this.acd.tenantId });
        this.acd.work.background(this.record(call, session, recorded, { legId: cdrLegId, calling: caller.extension, called: callee.extension }), 'desk call recording');
      }
    } else {
      const number = (call.target as { number: string }).number;
      void leg.channel.playTone('ringback').catch(() => undefined);
      try {
        call.outside = await this.acd.telephony.dial({ number, tenantId: this.acd.tenantId, ringTimeoutMs: this.acd.deps.deskRingTimeoutMs });
      } catch {
        void leg.channel.stopTone().catch(() => undefined);
        this.acd.publisher.emitDesk(caller.id, 'dial_failed', { deskCallId: call.id, number });
        return this.end(call);
      }
      void leg.channel.stopTone().catch(() => undefined);
      const outside = call.outside;
      this.acd.work.background(outside.released.then(() => this.end(call)), 'desk call release');
      if (call.ended) return this.end(call);
      const legId = this.acd.telephony.activeCalls().find((a) => a.session === outside)?.legId;
      if (legId) this.acd.work.cdrStage(() => records.cdr.connected(legId, { agentId: caller.id, at: this.acd.now() }));
      call.conference = await this.acd.card.bridge(leg.channel, outside.channel).catch(() => undefined);
      const queues = new Map(this.acd.config.listQueueRecords().map((q) => [q.id, q.settings.recording] as const));
      const settings = caller.queues.flatMap((m): QueueRecordingSetting[] => {
        const setting = queues.get(m.queueId);
        return setting === undefined ? [] : [setting];
      });
      if (shouldRecordOutbound(caller.recording, settings)) {
        this.acd.work.background(this.record(call, outside, caller, { legId, calling: caller.extension, called: number }), 'desk call recording');
      }
    }
    call.connected = true;
    this.acd.publisher.emitDesk(caller.id, 'connected', { deskCallId: call.id, ...(callee ? { withAgent: callee.id } : { number: (call.target as { number: string }).number }) });
  }

  /** Starts the call's recording; one that starts after the call ended is stopped at once. */
  private async record(call: DeskCall, session: CallSession, agent: AgentRecord, ids: { legId: string | undefined; calling: string; called: string }): Promise<void> {
    const id = await this.acd.deps.recorder.start(session, {
      tenantId: this.acd.tenantId,
      callId: call.id,
      legId: ids.legId ?? null,
      agentId: agent.id,
      queueId: null,
      team: agent.team,
      calling: ids.calling,
      called: ids.called,
      at: this.acd.now(),
    });
    if (call.ended) void this.acd.deps.recorder.stop(id);
    else call.recordingId = id;
  }

  private end(call: DeskCall): void {
    if (call.ended) return;
    call.ended = true;
    void this.acd.deps.recorder.stop(call.recordingId);
    call.recordingId = undefined;
    void call.callerLeg?.hangUp();
    void call.calleeLeg?.hangUp();
    void call.outside?.hangUp();
    void call.conference?.destroy().catch(() => undefined);
    const agents = [call.agentId, ...(call.target.kind === 'agent' ? [call.target.agentId] : [])];
    for (const agentId of agents) {
      if (this.byAgent.get(agentId) === call) this.byAgent.delete(agentId);
      this.acd.work.tell(() => this.acd.queues.disengage(agentId, agentId === call.agentId ? { kind: 'agent' } : { kind: 'system' }), ['acd_illegal_state', 'acd_unknown_agent']);
      this.acd.publisher.emitDesk(agentId, 'call_ended', { deskCallId: call.id });
    }
    const cdrLegId = call.cdrLegId;
    if (cdrLegId) {
      this.acd.work.cdrStage(() => this.acd.deps.records.cdr.released(cdrLegId, { disposition: call.connected ? 'NORMAL' : 'NO_ANSWER', at: this.acd.now() }));
    }
  }
}
