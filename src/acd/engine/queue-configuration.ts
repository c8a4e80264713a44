/**
 * Configuration inputs of the ACD: queues, agents' profiles and queue memberships, and the
 * restart recovery of agents' states. Each input is validated completely before anything
 * changes; a change that frees or holds callers lets the distribution act on it.
 */
import { emptyStats } from '../agent-stats.js';
import { AcdError } from '../errors.js';
import {
  agentProfileSchema,
  membershipSchema,
  parseOrThrow,
  queueConfigSchema,
  type AgentProfileInput,
  type Membership,
  type MembershipInput,
  type QueueConfig,
  type QueueConfigInput,
} from '../model.js';
import type { AgentView, PersistedAgentRow, RestartPolicy } from '../queue-service-types.js';
import type { Router } from '../router.js';
import { rankFor, type QueueRuntime } from '../runtime.js';
import type { AcdRegistry } from './acd-registry.js';
import type { AcdViews } from './acd-views.js';
import { SYSTEM, type AgentTransitions } from './agent-transitions.js';
import type { CallDistribution } from './call-distribution.js';
import type { InputRunner } from './input-runner.js';

export class QueueConfiguration {
  /** Order of joining, the default position of a membership (round robin, linear). */
  private positionSeq = 0;

  constructor(
    private readonly runner: InputRunner,
    private readonly registry: AcdRegistry,
    private readonly router: Router,
    private readonly transitions: AgentTransitions,
    private readonly distribution: CallDistribution,
    private readonly views: Pick<AcdViews, 'agentView'>,
  ) {}


  /**
   * Adds or changes a queue. An overflow target may name a queue added later; a target that
   * does not exist when the overflow falls due is ignored (the caller keeps waiting).
   */
  upsertQueue(input: QueueConfigInput): QueueConfig {
    const config = parseOrThrow(queueConfigSchema, input, 'queue');
    return this.runner.run(() => {
      const existing = this.registry.queues.get(config.id);
      if (!existing) {
        const queue: QueueRuntime = { config, roundRobinLast: undefined };
        this.registry.queues.set(config.id, queue);
        this.router.upsertQueue(queue);
        return config;
      }
      const previous = existing.config;
      const reRank = previous.vip.mode !== config.vip.mode || previous.vip.boostS !== config.vip.boostS;
      const waiting = reRank ? this.router.waiting(config.id) : [];
      for (const caller of waiting) this.router.dequeue(caller);
      existing.config = config;
      if (previous.strategy !== config.strategy) existing.roundRobinLast = undefined;
      for (const caller of waiting) {
        Object.assign(caller, rankFor(config, caller.priority, caller.enteredAt));
        this.router.enqueue(caller);
      }
      this.router.upsertQueue(existing);
      for (const caller of this.router.waiting(config.id)) if (caller.status === 'waiting') this.distribution.tryOffer(caller);
      return config;
    });
  }

  /** Refused (acd_queue_in_use) while any call is in the queue. */
  removeQueue(queueId: string): void {
    this.registry.queueOf(queueId);
    for (const caller of this.registry.callers.values()) {
      if (caller.queueId === queueId && caller.status !== 'ended') {
        throw new AcdError('acd_queue_in_use', `Queue ${queueId} still has calls`, { queueId });
      }
    }
    this.registry.queues.delete(queueId);
    this.router.removeQueue(queueId);
  }

  /** Adds an agent (signed out) or updates its profile and memberships in place. */
  upsertAgent(input: AgentProfileInput): AgentView {
    const profile = parseOrThrow(agentProfileSchema, input, 'agent');
    return this.runner.run(() => {
      let agent = this.registry.agents.get(profile.id);
      const memberships = new Map<string, Membership>();
      for (const m of profile.queues) {
        const kept = agent?.memberships.get(m.queueId);
        memberships.set(m.queueId, { queueId: m.queueId, level: m.level, penalty: m.penalty, position: m.position ?? kept?.position ?? this.positionSeq++ });
      }
      if (!agent) {
        agent = {
          id: profile.id,
          name: profile.name,
          extension: profile.extension,
          team: profile.team,
          city: profile.city,
          skills: new Map(Object.entries(profile.skills)),
          memberships,
          state: 'signed_out',
          pauseReason: undefined,
          availableSince: this.runner.now(),
          stats: emptyStats(this.transitions.currentWindowStart),
          call: undefined,
          wrap: undefined,
          noAnswerStreak: 0,
          pendingPause: undefined,
          engaged: undefined,
        };
        this.registry.agents.set(agent.id, agent);
        this.router.addAgent(agent);
        return this.views.agentView(agent);
      }
      const target = agent;
      const oldCity = target.city;
      this.router.updateAgent(target, () => {
        target.name = profile.name;
        target.extension = profile.extension;
        target.team = profile.team;
        target.city = profile.city;
        target.skills = new Map(Object.entries(profile.skills));
        target.memberships = memberships;
      });
      this.distribution.afterAgentChange(target, oldCity);
      return this.views.agentView(target);
    });
  }

  /** Refused unless the agent is signed out. */
  removeAgent(agentId: string): void {
    const agent = this.registry.agentOf(agentId);
    if (agent.state !== 'signed_out') {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} must sign out before removal`, { agentId, state: agent.state });
    }
    this.router.removeAgent(agent);
    this.registry.agents.delete(agentId);
  }

  /** Joins a queue or changes level/penalty in it (an agent logging in to a skill group). */
  setMembership(agentId: string, input: MembershipInput): void {
    const agent = this.registry.agentOf(agentId);
    const m = parseOrThrow(membershipSchema, input, 'membership');
    this.registry.queueOf(m.queueId);
    this.runner.run(() => {
      const position = m.position ?? agent.memberships.get(m.queueId)?.position ?? this.positionSeq++;
      this.router.updateAgent(agent, () => {
        agent.memberships = new Map(agent.memberships).set(m.queueId, { queueId: m.queueId, level: m.level, penalty: m.penalty, position });
      });
      this.distribution.afterAgentChange(agent, agent.city);
    });
  }

  removeMembership(agentId: string, queueId: string): void {
    const agent = this.registry.agentOf(agentId);
    if (!agent.memberships.has(queueId)) {
      throw new AcdError('acd_not_member', `Agent ${agentId} is not in queue ${queueId}`, { agentId, queueId });
    }
    this.runner.run(() => {
      this.router.updateAgent(agent, () => {
        const next = new Map(agent.memberships);
        next.delete(queueId);
        agent.memberships = next;
      });
      this.distribution.afterStaffingDrop(queueId, agent.city);
    });
  }

  /**
   * Restart recovery from persisted agent rows (see RestartPolicy). Call once, after the
   * profiles are loaded with upsertAgent and before any call arrives.
   */
  recoverAgents(rows: readonly PersistedAgentRow[], policy: RestartPolicy = 'keep_available'): AgentView[] {
    for (const row of rows) this.registry.agentOf(row.id);
    if (this.registry.callers.size > 0) throw new AcdError('acd_illegal_state', 'Recovery must run before any call enters the ACD');
    for (const row of rows) {
      const agent = this.registry.agentOf(row.id);
      if (agent.state !== 'signed_out') {
        throw new AcdError('acd_illegal_state', `Agent ${row.id} is already ${agent.state}`, { agentId: row.id, state: agent.state });
      }
    }
    return this.runner.run(() =>
      rows.map((row) => {
        const agent = this.registry.agentOf(row.id);
        const now = this.runner.now();
        this.router.updateAgent(agent, () => {
          agent.state = row.state;
          agent.pauseReason = row.state === 'paused' ? (row.pauseReason ?? 'unknown') : undefined;
          agent.availableSince = now;
          if (row.stats && row.stats.windowStart === this.transitions.currentWindowStart) agent.stats = { ...row.stats };
        });
        const interrupted = row.state === 'ringing' || row.state === 'talking' || row.state === 'wrap_up' || row.state === 'busy';
        if (interrupted || (row.state === 'available' && policy === 'pause_all')) {
          this.transitions.transition(agent, 'paused', 'restart_recovery', { actor: SYSTEM, reason: 'system_restart' }, () => {
            agent.pauseReason = 'system_restart';
          });
        }
        return this.views.agentView(agent);
      }),
    );
  }
}
