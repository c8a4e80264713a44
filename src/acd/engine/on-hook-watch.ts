/**
 * 未挂机 (not hung up): after the caller hangs up first, the agent's phone must go back on hook
 * within the configured time; otherwise a `not_hung_up` entry is logged and the agent is paused
 * with that reason until the phone is put down (or an answer proves it works).
 */
import type { Subscription } from 'rxjs';
import type { CancelReason } from '../ports.js';
import type { AgentRuntime } from '../runtime.js';
import type { AcdJournal } from './acd-journal.js';
import { SYSTEM, type AgentTransitions } from './agent-transitions.js';
import type { InputRunner } from './input-runner.js';

/** What the watch needs from the distribution when it pauses or frees an agent. */
export interface OnHookActions {
  releaseAgent(agent: AgentRuntime, reason: CancelReason, declined: boolean): () => void;
  afterLeavingService(agent: AgentRuntime): void;
  routeAgent(agent: AgentRuntime): void;
}

export class OnHookWatch {
  /** Stays after the timer fired, so that the late hang-up still clears the pause. */
  private readonly watches = new Map<string, { callId: string; timer: Subscription }>();

  constructor(
    private readonly runner: InputRunner,
    private readonly journal: AcdJournal,
    private readonly transitions: AgentTransitions,
    private readonly actions: OnHookActions,
    private readonly afterMs: number,
  ) {}

  /** The caller hung up on `callId`: the agent's phone is expected back on hook. */
  watch(agent: AgentRuntime, callId: string): void {
    if (this.afterMs <= 0) return;
    this.clear(agent.id);
    const timer = this.runner.later(this.afterMs, () => this.notHungUp(agent, callId));
    this.watches.set(agent.id, { callId, timer });
  }

  /** Whether the agent's hang-up of `callId` is the awaited on-hook. */
  isWatching(agentId: string, callId: string): boolean {
    return this.watches.get(agentId)?.callId === callId;
  }

  /** The phone is back on hook: a not-hung-up pause ends. */
  onHook(agent: AgentRuntime): void {
    this.clear(agent.id);
    if (agent.state === 'paused' && agent.pauseReason === 'not_hung_up') {
      this.transitions.transition(agent, 'available', 'resume', { actor: SYSTEM, reason: 'on_hook' });
      this.actions.routeAgent(agent);
    }
  }

  clear(agentId: string): void {
    const watch = this.watches.get(agentId);
    if (!watch) return;
    this.watches.delete(agentId);
    this.runner.cancel(watch.timer);
  }

  private notHungUp(agent: AgentRuntime, callId: string): void {
    if (this.watches.get(agent.id)?.callId !== callId) return;
    this.journal.logAgent(agent, { action: 'not_hung_up', from: agent.state, to: agent.state, actor: SYSTEM, callId, reason: 'not_hung_up' });
    if (agent.state !== 'wrap_up' && agent.state !== 'available') return;
    const after = this.actions.releaseAgent(agent, 'agent_unavailable', false);
    this.transitions.transition(agent, 'paused', 'pause', { actor: SYSTEM, reason: 'not_hung_up', callId }, () => {
      agent.pauseReason = 'not_hung_up';
    });
    after();
    this.actions.afterLeavingService(agent);
  }
}
