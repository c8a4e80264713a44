/**
 * What agents and supervisors do at the desk: sign in and out, pause, resume, unlock, end
 * wrap-up, transfer (to a queue or an agent), pick up, and engage in calls the ACD did not
 * route. Each action is checked against the state table before anything changes.
 */
import { checkTransition, type AgentState } from '../agent-state.js';
import { AcdError } from '../errors.js';
import type { Actor } from '../ports.js';
import type { AgentRuntime, CallerRuntime } from '../runtime.js';
import type { AcdRegistry } from './acd-registry.js';
import { AGENT, type AgentTransitions } from './agent-transitions.js';
import type { CallDistribution } from './call-distribution.js';
import type { InputRunner } from './input-runner.js';

export function checkPauseReason(reason: string): void {
  if (reason.length === 0 || reason.length > 64) throw new AcdError('acd_invalid_config', 'Pause reason must be 1–64 characters');
}

export class AgentActions {
  constructor(
    private readonly runner: InputRunner,
    private readonly registry: AcdRegistry,
    private readonly transitions: AgentTransitions,
    private readonly distribution: CallDistribution,
  ) {}


  /** Sign in, available at once or straight into a pause (e.g. 'training'). */
  signIn(agentId: string, options: { pauseReason?: string; actor?: Actor } = {}): void {
    const agent = this.registry.agentOf(agentId);
    if (options.pauseReason !== undefined) checkPauseReason(options.pauseReason);
    const to: AgentState = options.pauseReason === undefined ? 'available' : 'paused';
    checkTransition(agentId, agent.state, to, 'sign_in');
    this.runner.run(() => {
      this.transitions.transition(agent, to, 'sign_in', { actor: options.actor ?? AGENT, reason: options.pauseReason }, () => {
        agent.pauseReason = options.pauseReason;
        agent.noAnswerStreak = 0;
      });
      this.distribution.routeAgent(agent);
    });
  }

  /**
   * Sign out (by the agent, or forced by a supervisor). Refused while talking: the call must be
   * released first (force release is an audio action of the integrator). While ringing, the
   * offer is withdrawn and the caller keeps their place.
   */
  signOut(agentId: string, actor: Actor = AGENT): void {
    const agent = this.registry.agentOf(agentId);
    checkTransition(agentId, agent.state, 'signed_out', 'sign_out');
    this.runner.run(() => {
      const after = this.distribution.releaseAgent(agent, 'agent_unavailable', false);
      this.distribution.onHookWatch.clear(agent.id);
      this.transitions.transition(agent, 'signed_out', 'sign_out', { actor }, () => {
        agent.pendingPause = undefined;
      });
      after();
      this.distribution.afterLeavingService(agent);
    });
  }

  /**
   * Pause with a reason. While talking, the pause is remembered and applies when the call ends
   * (returns 'pending'); while ringing it declines the offer; during wrap-up it ends the wrap-up.
   */
  pause(agentId: string, reason: string, actor: Actor = AGENT): 'paused' | 'pending' {
    const agent = this.registry.agentOf(agentId);
    checkPauseReason(reason);
    if (agent.state === 'talking' || agent.state === 'busy') {
      agent.pendingPause = reason;
      return 'pending';
    }
    checkTransition(agentId, agent.state, 'paused', 'pause');
    this.runner.run(() => {
      const after = this.distribution.releaseAgent(agent, 'agent_declined', true);
      this.transitions.transition(agent, 'paused', 'pause', { actor, reason }, () => {
        agent.pauseReason = reason;
      });
      after();
      this.distribution.afterLeavingService(agent);
    });
    return 'paused';
  }

  /** Resume from a pause (or cancel a pause requested during a call). */
  resume(agentId: string, actor: Actor = AGENT): void {
    const agent = this.registry.agentOf(agentId);
    if (agent.state === 'talking' && agent.pendingPause !== undefined) {
      agent.pendingPause = undefined;
      return;
    }
    if (agent.state === 'busy' && (agent.pendingPause !== undefined || agent.engaged?.resumePause !== undefined)) {
      // Cancels the pause the agent would return to after the engagement.
      agent.pendingPause = undefined;
      if (agent.engaged) agent.engaged = { ...agent.engaged, resumePause: undefined };
      return;
    }
    checkTransition(agentId, agent.state, 'available', 'resume');
    this.runner.run(() => {
      this.transitions.transition(agent, 'available', 'resume', { actor });
      this.distribution.routeAgent(agent);
    });
  }

  /** Unlock a locked agent (the agent or a supervisor). */
  unlock(agentId: string, actor: Actor = AGENT): void {
    const agent = this.registry.agentOf(agentId);
    checkTransition(agentId, agent.state, 'available', 'unlock');
    this.runner.run(() => {
      this.transitions.transition(agent, 'available', 'unlock', { actor }, () => {
        agent.noAnswerStreak = 0;
      });
      this.distribution.routeAgent(agent);
    });
  }

  /** End wrap-up early: the agent is ready for the next call. */
  ready(agentId: string): void {
    const agent = this.registry.agentOf(agentId);
    checkTransition(agentId, agent.state, 'available', 'wrap_up_end');
    this.runner.run(() => {
      this.distribution.releaseAgent(agent, 'withdrawn', false);
      this.transitions.transition(agent, 'available', 'wrap_up_end', { actor: AGENT });
      this.distribution.routeAgent(agent);
    });
  }

  /**
   * Blind transfer of the agent's current call into another queue. The caller keeps their
   * original rank (entered-at), so they do not go to the back of the line; the agent wraps up.
   */
  transferToQueue(agentId: string, callId: string, queueId: string): void {
    const agent = this.registry.agentOf(agentId);
    const caller = this.registry.callerOf(callId);
    this.registry.queueOf(queueId);
    this.requireTalking(agent, caller);
    this.runner.run(() => {
      const fromQueueId = caller.queueId;
      this.distribution.endCall(caller, 'agent', true);
      caller.visited = [];
      this.distribution.enterQueue(caller, queueId, fromQueueId, agentId);
    });
  }

  /**
   * Blind transfer to a named agent (an expert or function seat), who must be available. If they
   * do not answer, the caller goes back to the waiting list of their queue with their rank.
   */
  transferToAgent(agentId: string, callId: string, targetAgentId: string): void {
    const agent = this.registry.agentOf(agentId);
    const target = this.registry.agentOf(targetAgentId);
    const caller = this.registry.callerOf(callId);
    this.requireTalking(agent, caller);
    // An agent consulted on this very call (busy, engaged on it) may take it over.
    const consulted = target.state === 'busy' && target.engaged?.callId === callId;
    if (target.state !== 'available' && !consulted) {
      throw new AcdError('acd_illegal_state', `Agent ${targetAgentId} is ${target.state}, not available`, { agentId: targetAgentId, state: target.state });
    }
    this.runner.run(() => {
      this.distribution.endCall(caller, 'agent', true);
      this.distribution.offer(caller, [target], 'transfer');
    });
  }

  /** Pick up (代接) a call ringing at another seat. The ringing agents keep their place. */
  pickUp(agentId: string, callId: string): void {
    const agent = this.registry.agentOf(agentId);
    const caller = this.registry.callerOf(callId);
    if (caller.status !== 'offered') {
      throw new AcdError('acd_illegal_state', `Call ${callId} is not ringing at a seat`, { callId, status: caller.status });
    }
    if (agent.state !== 'available') {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} is ${agent.state}, not available to pick up`, { agentId, state: agent.state });
    }
    this.runner.run(() => {
      for (const other of [...caller.offeredTo]) this.distribution.withdrawOffer(caller, this.registry.agentOf(other), 'answered_elsewhere');
      this.distribution.offer(caller, [agent], 'pickup');
      this.distribution.answer(caller, agent);
    });
  }

  /**
   * The agent starts a call the ACD did not route (consultation, conference leg, agent-to-agent
   * or outbound call, monitoring): busy, no queue offers them a call until `disengage`. From
   * available, wrap-up (which ends it) or a pause (restored afterwards). With `callId` the
   * engagement belongs to that ACD call, and the agent may take it over (transferToAgent).
   */
  engage(agentId: string, options: { purpose: string; callId?: string; actor?: Actor }): void {
    const agent = this.registry.agentOf(agentId);
    const purpose = options.purpose;
    if (purpose.length === 0 || purpose.length > 64) throw new AcdError('acd_invalid_config', 'Purpose must be 1–64 characters');
    if (options.callId !== undefined) {
      const caller = this.registry.callerOf(options.callId);
      if (caller.status !== 'connected' || caller.agentId === agentId) {
        throw new AcdError('acd_illegal_state', `Call ${options.callId} is not connected to another agent`, { callId: options.callId, status: caller.status });
      }
    }
    checkTransition(agentId, agent.state, 'busy', 'engage');
    this.runner.run(() => {
      const resumePause = agent.state === 'paused' ? agent.pauseReason : undefined;
      const after = this.distribution.releaseAgent(agent, 'withdrawn', false);
      this.transitions.transition(agent, 'busy', 'engage', { actor: options.actor ?? AGENT, reason: purpose, ...(options.callId === undefined ? {} : { callId: options.callId }) }, () => {
        agent.engaged = { purpose, callId: options.callId, resumePause };
      });
      after();
    });
  }

  /** The engagement is over: back to available, or to the pause it came from or asked for. */
  disengage(agentId: string, actor: Actor = AGENT): void {
    const agent = this.registry.agentOf(agentId);
    if (agent.state !== 'busy') {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} is ${agent.state}, not busy`, { agentId, state: agent.state });
    }
    const pause = agent.pendingPause ?? agent.engaged?.resumePause;
    this.runner.run(() => {
      if (pause !== undefined) {
        this.transitions.transition(agent, 'paused', 'disengage', { actor, reason: pause }, () => {
          agent.pauseReason = pause;
          agent.pendingPause = undefined;
        });
        this.distribution.afterLeavingService(agent);
      } else {
        this.transitions.transition(agent, 'available', 'disengage', { actor });
        this.distribution.routeAgent(agent);
      }
    });
  }

  private requireTalking(agent: AgentRuntime, caller: CallerRuntime): void {
    if (agent.state !== 'talking' || agent.call?.callId !== caller.callId || caller.status !== 'connected') {
      throw new AcdError('acd_illegal_state', `Agent ${agent.id} has no call ${caller.callId} to transfer`, {
        agentId: agent.id,
        callId: caller.callId,
        state: agent.state,
      });
    }
  }
}
