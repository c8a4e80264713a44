/**
 * What telephony tells the ACD about a call: a caller entered a queue, an agent answered or
 * rejected the offer, a party hung up, the line went away, or the caller chose to leave the
 * queue for voicemail or the IVR.
 */
import { AcdError } from '../errors.js';
import { callerEntrySchema, parseOrThrow, type CallerEntryInput } from '../model.js';
import type { CallerView } from '../queue-service-types.js';
import type { Router } from '../router.js';
import type { AgentRuntime, CallerRuntime } from '../runtime.js';
import { waitingCallerState } from './waiting-caller.js';
import type { AcdRegistry } from './acd-registry.js';
import type { AcdViews } from './acd-views.js';
import { AGENT, type AgentTransitions } from './agent-transitions.js';
import type { CallDistribution } from './call-distribution.js';
import type { InputRunner } from './input-runner.js';

export class CallerFacts {
  /** Arrival order, the callers' last tie-breaker. */
  private callerSeq = 0;

  constructor(
    private readonly runner: InputRunner,
    private readonly registry: AcdRegistry,
    private readonly router: Router,
    private readonly transitions: AgentTransitions,
    private readonly distribution: CallDistribution,
    private readonly views: Pick<AcdViews, 'callerView'>,
  ) {}


  /** A call enters a queue (from the IVR, press 0). */
  callerEntered(input: CallerEntryInput): CallerView {
    const entry = parseOrThrow(callerEntrySchema, input, 'caller entry');
    this.registry.queueOf(entry.queueId);
    if (this.registry.callers.has(entry.callId)) {
      throw new AcdError('acd_duplicate_call', `Call ${entry.callId} is already in the ACD`, { callId: entry.callId });
    }
    return this.runner.run(() => {
      const now = this.runner.now();
      const caller: CallerRuntime = {
        callId: entry.callId,
        entry: Object.freeze({ ...entry }),
        queueId: entry.queueId,
        priority: entry.priority,
        city: entry.callerCity,
        requiredSkills: entry.requiredSkills,
        enteredAt: Math.min(entry.enteredAt ?? now, now),
        queuedAt: now,
        seq: this.callerSeq++,
        rankClass: 0,
        rankAt: 0,
        ...waitingCallerState(),
        visited: [],
        inVisit: false,
      };
      this.registry.callers.set(caller.callId, caller);
      this.distribution.enterQueue(caller, entry.queueId, undefined);
      return this.views.callerView(caller);
    });
  }

  agentAnswered(callId: string, agentId: string): void {
    const agent = this.registry.agentOf(agentId);
    const caller = this.registry.callerOf(callId);
    this.requireRinging(agent, caller);
    this.runner.run(() => this.distribution.answer(caller, agent));
  }

  agentRejected(callId: string, agentId: string): void {
    const agent = this.registry.agentOf(agentId);
    const caller = this.registry.callerOf(callId);
    this.requireRinging(agent, caller);
    this.runner.run(() => {
      this.distribution.cancelAgentTimer(agent.id);
      this.transitions.transition(agent, 'available', 'reject', { actor: AGENT, reason: 'declined' });
      this.distribution.offerFailed(caller, agent.id, true);
      this.distribution.routeAgent(agent);
    });
  }

  /**
   * The caller left: an abandon while waiting or ringing, the end of the conversation when
   * connected. After a callback request the caller's line going away is expected: ignored.
   */
  callerHungUp(callId: string): void {
    const caller = this.registry.callerOf(callId);
    this.runner.run(() => this.distribution.lineGone(caller, 'caller'));
  }

  /**
   * The agent hung up: ends the conversation, or, after the caller had hung up first, puts the
   * agent's phone back on hook (clearing a not-hung-up pause).
   */
  agentHungUp(callId: string, agentId: string): void {
    const agent = this.registry.agentOf(agentId);
    if (this.distribution.onHookWatch.isWatching(agentId, callId)) {
      this.runner.run(() => this.distribution.onHookWatch.onHook(agent));
      return;
    }
    const caller = this.registry.callerOf(callId);
    if (caller.status !== 'connected' || caller.agentId !== agentId) {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} is not talking on call ${callId}`, { agentId, callId, state: agent.state });
    }
    this.runner.run(() => this.distribution.endCall(caller, 'agent', false));
  }

  /** The line was released for another reason (network, transfer out of the ACD). */
  callEnded(callId: string): void {
    const caller = this.registry.callerOf(callId);
    this.runner.run(() => this.distribution.lineGone(caller, 'network'));
  }

  /**
   * The caller chose to leave the queue (keyed "leave a message" or "back to the menu" while
   * waiting): the visit ends with that outcome, no port command (the integrator moves the call).
   */
  callerLeft(callId: string, to: 'voicemail' | 'ivr'): void {
    const caller = this.registry.callerOf(callId);
    if (caller.status !== 'waiting' && caller.status !== 'offered') {
      throw new AcdError('acd_illegal_state', `Call ${callId} is ${caller.status}, not waiting`, { callId, status: caller.status });
    }
    this.runner.run(() => {
      for (const agentId of [...caller.offeredTo]) this.distribution.withdrawOffer(caller, this.registry.agentOf(agentId), 'withdrawn');
      this.router.dequeue(caller);
      if (caller.inVisit) this.distribution.leaveVisit(caller, to, to);
      this.distribution.forget(caller);
    });
  }

  private requireRinging(agent: AgentRuntime, caller: CallerRuntime): void {
    if (agent.state !== 'ringing' || agent.call?.callId !== caller.callId) {
      throw new AcdError('acd_illegal_state', `Agent ${agent.id} is ${agent.state}, not ringing for call ${caller.callId}`, {
        agentId: agent.id,
        callId: caller.callId,
        state: agent.state,
      });
    }
  }
}
