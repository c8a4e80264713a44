/**
 * Callbacks: a waiting caller asks to be called back and keeps their place; a dial nobody
 * answered is retried after the queue's delay with the original rank, up to its attempts; a
 * pending callback may be cancelled.
 */
import { AcdError } from '../errors.js';
import type { AcdPort } from '../ports.js';
import type { CallbackAttempt } from '../queue-service-types.js';
import type { Router } from '../router.js';
import type { AcdJournal } from './acd-journal.js';
import type { AcdRegistry } from './acd-registry.js';
import { SYSTEM, type AgentTransitions } from './agent-transitions.js';
import type { CallDistribution } from './call-distribution.js';
import type { InputRunner } from './input-runner.js';

export class CallbackRequests {
  constructor(
    private readonly runner: InputRunner,
    private readonly registry: AcdRegistry,
    private readonly router: Router,
    private readonly journal: AcdJournal,
    private readonly transitions: AgentTransitions,
    private readonly distribution: CallDistribution,
    private readonly port: AcdPort,
  ) {}


  /** The caller asks to be called back and leaves the line, keeping their place in the queue. */
  requestCallback(callId: string, number: string): void {
    const caller = this.registry.callerOf(callId);
    if (caller.status !== 'waiting') {
      throw new AcdError('acd_illegal_state', `Call ${callId} is ${caller.status}, not waiting`, { callId, status: caller.status });
    }
    if (!/^\+?\d{3,20}$/.test(number)) throw new AcdError('acd_invalid_config', 'Callback number must be 3–20 digits');
    this.runner.run(() => {
      caller.status = 'callback';
      caller.callbackNumber = number;
      caller.deferred = undefined;
      // The caller is off the line: no overflow, max wait or announcements, only its place.
      this.distribution.visitTimers.scheduleCallback(caller, this.registry.queueOf(caller.queueId).config);
      this.journal.writeWaitLog(caller, 'callback_requested');
      this.runner.send(() => this.port.playToCaller(caller.callId, { kind: 'callback_confirmed' }));
      this.journal.callerChanged(caller);
    });
  }

  /**
   * The agent's dial of a callback went unanswered (busy, no answer, failure, or the agent hung
   * up before the customer answered). The agent is free at once: no wrap-up, since nobody was
   * spoken to (a pause asked for meanwhile applies). Below the queue's `callback.attempts` the
   * callback goes back into the waiting list with its original rank and is offered to nobody for
   * `callback.retryDelayS` (callers behind it are served meanwhile; once the delay has passed it
   * is ahead of everyone who entered after it). After the last attempt the visit ends with
   * outcome `callback_failed`.
   */
  callbackFailed(callId: string, agentId: string, reason = 'no_answer'): CallbackAttempt {
    const agent = this.registry.agentOf(agentId);
    const caller = this.registry.callerOf(callId);
    if (caller.status !== 'connected' || caller.agentId !== agentId || caller.dialling === undefined || agent.state !== 'talking') {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} is not dialling callback ${callId}`, { agentId, callId, state: agent.state });
    }
    if (reason.length === 0 || reason.length > 64) throw new AcdError('acd_invalid_config', 'Reason must be 1–64 characters');
    return this.runner.run(() => {
      const config = this.registry.queueOf(caller.queueId).config;
      const number = caller.dialling as string;
      const attempt = ++caller.callbackFailures;
      const final = attempt >= config.callback.attempts;
      const pendingPause = agent.pendingPause;
      const ctx = { actor: SYSTEM, callId, queueId: caller.queueId, reason };
      if (pendingPause !== undefined) {
        this.transitions.transition(agent, 'paused', 'callback_failed', ctx, () => {
          agent.pauseReason = pendingPause;
          agent.pendingPause = undefined;
        });
      } else {
        this.transitions.transition(agent, 'available', 'callback_failed', ctx);
      }
      caller.agentId = undefined;
      caller.answeredAt = undefined;
      caller.dialling = undefined;
      let retryAt: number | undefined;
      if (final) {
        if (caller.inVisit) this.distribution.leaveVisit(caller, 'callback_failed', 'callback_requested');
        caller.status = 'ended';
        this.journal.callerChanged(caller);
        this.distribution.forget(caller);
      } else {
        retryAt = this.runner.now() + config.callback.retryDelayS * 1000;
        caller.status = 'callback';
        caller.callbackNumber = number;
        caller.notBefore = retryAt;
        this.router.enqueue(caller);
        this.distribution.visitTimers.scheduleCallback(caller, config);
        this.journal.callerChanged(caller);
      }
      if (agent.state === 'paused') this.distribution.afterLeavingService(agent);
      else this.distribution.routeAgent(agent);
      return { attempt, attempts: config.callback.attempts, retryAt };
    });
  }

  /** A pending callback is no longer wanted (e.g. the customer called again). */
  cancelCallback(callId: string): void {
    const caller = this.registry.callerOf(callId);
    if (caller.status !== 'callback') {
      throw new AcdError('acd_illegal_state', `Call ${callId} is ${caller.status}, not a pending callback`, { callId, status: caller.status });
    }
    this.runner.run(() => {
      this.router.dequeue(caller);
      this.distribution.leaveVisit(caller, 'callback_cancelled', 'callback_requested');
      this.distribution.forget(caller);
    });
  }
}
