/**
 * Read-only views of the ACD's agents, queues and callers (copies: a view never changes the
 * state it was taken from), with position and expected wait for callers.
 */
import type { WaitEstimate } from '../expected-wait.js';
import type { QueueConfig } from '../model.js';
import type { AgentView, CallerView, QueueView } from '../queue-service-types.js';
import type { Router } from '../router.js';
import type { AgentRuntime, CallerRuntime } from '../runtime.js';
import type { AcdRegistry } from './acd-registry.js';

export class AcdViews {
  constructor(
    private readonly registry: AcdRegistry,
    private readonly router: Router,
    private readonly estimateFor: (caller: CallerRuntime) => WaitEstimate,
    private readonly now: () => number,
  ) {}


  agent(agentId: string): AgentView {
    return this.agentView(this.registry.agentOf(agentId));
  }

  listAgents(): AgentView[] {
    return [...this.registry.agents.values()].map((a) => this.agentView(a));
  }

  queue(queueId: string): QueueView {
    const queue = this.registry.queueOf(queueId);
    const waiting = this.router.waiting(queueId);
    return {
      id: queueId,
      name: queue.config.name,
      strategy: queue.config.strategy,
      waiting: waiting.filter((c) => c.status === 'waiting').length,
      callbacks: waiting.filter((c) => c.status === 'callback').length,
      available: this.router.availableCount(queueId),
      staffed: this.router.staffedCount(queueId),
      signedIn: this.router.signedInCount(queueId),
      oldestWaitingSince: waiting.reduce<number | undefined>((min, c) => (min === undefined || c.queuedAt < min ? c.queuedAt : min), undefined),
    };
  }

  queueConfig(queueId: string): QueueConfig {
    return this.registry.queueOf(queueId).config;
  }

  listQueues(): QueueView[] {
    return [...this.registry.queues.keys()].map((id) => this.queue(id));
  }

  caller(callId: string): CallerView {
    return this.callerView(this.registry.callerOf(callId));
  }

  /** Position and expected wait for an announcement (see expected-wait.ts). */
  waitEstimate(callId: string): WaitEstimate {
    const caller = this.registry.callerOf(callId);
    return this.estimateFor(caller);
  }

  /** Idle agents to show a transferring agent (optionally only members of a queue). */
  availableAgents(queueId?: string): AgentView[] {
    if (queueId !== undefined) this.registry.queueOf(queueId);
    return [...this.registry.agents.values()]
      .filter((a) => a.state === 'available' && (queueId === undefined || a.memberships.has(queueId)))
      .map((a) => this.agentView(a));
  }

  agentView(agent: AgentRuntime): AgentView {
    return {
      id: agent.id,
      name: agent.name,
      extension: agent.extension,
      team: agent.team,
      city: agent.city,
      state: agent.state,
      pauseReason: agent.pauseReason,
      pendingPause: agent.pendingPause,
      callId: agent.call?.callId ?? agent.wrap?.callId,
      queueId: agent.call?.queueId ?? agent.wrap?.queueId,
      availableSince: agent.availableSince,
      wrapUntil: agent.wrap?.until,
      stats: { ...agent.stats },
      memberships: [...agent.memberships.values()],
      engaged: agent.engaged ? { purpose: agent.engaged.purpose, callId: agent.engaged.callId } : undefined,
    };
  }

  callerView(caller: CallerRuntime): CallerView {
    return {
      callId: caller.callId,
      queueId: caller.queueId,
      status: caller.status,
      priority: caller.priority,
      enteredAt: caller.enteredAt,
      queuedAt: caller.queuedAt,
      agentId: caller.agentId,
      estimate: this.estimateFor(caller),
      callbackFailures: caller.callbackFailures,
      callbackRetryAt: caller.status === 'callback' && caller.notBefore > this.now() ? caller.notBefore : undefined,
    };
  }

  /** Runs one input; port commands queued meanwhile are sent when the outermost input is done. */
}
