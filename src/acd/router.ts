/**
 * The router decides who talks to whom; it owns no timers and does no I/O. Two
 * implementations share one contract and the same rules (strategies.ts, eligibility.ts):
 *
 * - IndexedRouter (this file), used by the queue service: per queue, the available agents in a
 *   SortedSet ordered by the queue's strategy — numeric sort keys computed once when the agent
 *   becomes available — (and per city when the queue uses local preference), the waiting
 *   callers in rank order, and staffed/signed-in counters. A decision reads the front of one or
 *   a few sets instead of scanning agents.
 * - NaiveRouter (naive-router.ts): scans every agent and every caller; the benchmark baseline
 *   and a cross-check in tests.
 *
 * Contract: anything that can move an agent in an order (state, strategy statistics,
 * availableSince, memberships, city) must happen inside `updateAgent(agent, change)`;
 * memberships are replaced (a new Map), never edited in place. A caller's rank and queue may only
 * change while it is not enqueued.
 */
import { isSignedIn, isStaffed, type AgentState } from './agent-state.js';
import { isDue, isEligible, restrictedCity } from './eligibility.js';
import { SeededRandom } from './prng.js';
import type { AgentRuntime, CallerRuntime, QueueRuntime } from './runtime.js';
import { compareCallerRank } from './runtime.js';
import { SortedSet } from './sorted-set.js';
import { compareSortKeys, pickAgents, sortKey, type SortKey } from './strategies.js';

export interface Router {
  /** Adds or replaces a queue (a strategy change re-sorts its agents). Waiting callers stay. */
  upsertQueue(queue: QueueRuntime): void;
  /** Removes a queue; the caller must have emptied its waiting list first. */
  removeQueue(queueId: string): void;
  addAgent(agent: AgentRuntime): void;
  removeAgent(agent: AgentRuntime): void;
  /** Runs `change` on the agent and re-indexes it. */
  updateAgent(agent: AgentRuntime, change: () => void): void;
  /** Re-sorts everything, e.g. after the statistics window was reset for all agents. */
  rebuild(): void;

  enqueue(caller: CallerRuntime): void;
  dequeue(caller: CallerRuntime): void;

  /** The agents to offer this caller to now ([] = none; several only under ring_all). */
  agentsFor(caller: CallerRuntime, now: number): AgentRuntime[];
  /** The waiting caller (or callback) this newly available agent should take, across its queues. */
  callerFor(agent: AgentRuntime, now: number): CallerRuntime | undefined;

  /** 1-based place among the callers waiting in its queue; 0 if not waiting. */
  position(caller: CallerRuntime): number;
  waiting(queueId: string): readonly CallerRuntime[];
  waitingCount(queueId: string): number;
  availableCount(queueId: string): number;
  staffedCount(queueId: string, city?: string): number;
  signedInCount(queueId: string): number;
}

/** An available agent in one queue's order, filed under the key and city it had when indexed. */
type IndexedAgent = SortKey;

/** What an agent was indexed under. */
interface Filed {
  readonly state: AgentState;
  readonly city: string;
  readonly memberships: AgentRuntime['memberships'];
}

interface QueueIndex {
  queue: QueueRuntime;
  available: SortedSet<IndexedAgent>;
  /** Only when the queue uses local preference. */
  availableByCity: Map<string, SortedSet<IndexedAgent>> | undefined;
  /** The entries above by agent id, so an agent is removed under the key it was added with. */
  entries: Map<string, IndexedAgent>;
  waiting: SortedSet<CallerRuntime>;
  signedIn: number;
  staffed: number;
  staffedByCity: Map<string, number>;
}

export class IndexedRouter implements Router {
  private readonly queues = new Map<string, QueueIndex>();
  private readonly agents = new Map<string, AgentRuntime>();
  private readonly random: SeededRandom;
  private readonly staffedInCity = (queueId: string, city: string): number => this.staffedCount(queueId, city);

  constructor(seed = 1) {
    this.random = new SeededRandom(seed);
  }

  upsertQueue(queue: QueueRuntime): void {
    const index = this.emptyIndex(queue, this.queues.get(queue.config.id)?.waiting);
    this.queues.set(queue.config.id, index);
    for (const agent of this.agents.values()) this.indexIn(index, agent);
  }

  removeQueue(queueId: string): void {
    this.queues.delete(queueId);
  }

  addAgent(agent: AgentRuntime): void {
    this.agents.set(agent.id, agent);
    this.index(agent);
  }

  removeAgent(agent: AgentRuntime): void {
    this.unindex(agent);
    this.agents.delete(agent.id);
  }

  updateAgent(agent: AgentRuntime, change: () => void): void {
    const before: Filed = { state: agent.state, city: agent.city, memberships: agent.memberships };
    try {
      change();
    } finally {
      if (before.memberships === agent.memberships && before.city === agent.city) this.refresh(agent, before.state);
      else {
        this.unindexAs(agent, before);
        this.index(agent);
      }
    }
  }

  rebuild(): void {
    for (const [queueId, index] of this.queues) this.queues.set(queueId, this.emptyIndex(index.queue, index.waiting));
    for (const agent of this.agents.values()) this.index(agent);
  }

  enqueue(caller: CallerRuntime): void {
    this.queueIndex(caller.queueId)?.waiting.add(caller);
  }

  dequeue(caller: CallerRuntime): void {
    this.queueIndex(caller.queueId)?.waiting.delete(caller);
  }

  agentsFor(caller: CallerRuntime, now: number): AgentRuntime[] {
    const index = this.queueIndex(caller.queueId);
    if (!index || !isDue(caller, now)) return [];
    const city = restrictedCity(caller, index.queue, now, this.staffedInCity);
    const pool = city === undefined ? index.available : index.availableByCity?.get(city);
    if (!pool || pool.size === 0) return [];
    return pickAgents(index.queue, pool, (agent) => isEligible(agent, caller, city), this.random);
  }

  callerFor(agent: AgentRuntime, now: number): CallerRuntime | undefined {
    let best: CallerRuntime | undefined;
    for (const queueId of agent.memberships.keys()) {
      const index = this.queues.get(queueId);
      if (!index || index.waiting.size === 0) continue;
      for (const caller of index.waiting) {
        // Callers behind the best one found so far cannot beat it.
        if (best && compareCallerRank(caller, best) > 0) break;
        if (!isDue(caller, now)) continue;
        const city = restrictedCity(caller, index.queue, now, this.staffedInCity);
        if (isEligible(agent, caller, city)) {
          best = caller;
          break;
        }
      }
    }
    return best;
  }

  position(caller: CallerRuntime): number {
    const index = this.queueIndex(caller.queueId);
    return index ? index.waiting.indexOf(caller) + 1 : 0;
  }

  waiting(queueId: string): readonly CallerRuntime[] {
    return this.queues.get(queueId)?.waiting.toArray() ?? [];
  }

  waitingCount(queueId: string): number {
    return this.queues.get(queueId)?.waiting.size ?? 0;
  }

  availableCount(queueId: string): number {
    return this.queues.get(queueId)?.available.size ?? 0;
  }

  staffedCount(queueId: string, city?: string): number {
    const index = this.queues.get(queueId);
    if (!index) return 0;
    return city === undefined ? index.staffed : (index.staffedByCity.get(city) ?? 0);
  }

  signedInCount(queueId: string): number {
    return this.queues.get(queueId)?.signedIn ?? 0;
  }

  /** Fresh agent indexes for a queue; the waiting list (rank order never changes) is kept. */
  private emptyIndex(queue: QueueRuntime, waiting: SortedSet<CallerRuntime> | undefined): QueueIndex {
    return {
      queue,
      available: new SortedSet<IndexedAgent>(compareSortKeys),
      availableByCity: queue.config.localPreferenceWaitS > 0 ? new Map() : undefined,
      entries: new Map(),
      waiting: waiting ?? new SortedSet<CallerRuntime>(compareCallerRank),
      signedIn: 0,
      staffed: 0,
      staffedByCity: new Map(),
    };
  }

  private queueIndex(queueId: string): QueueIndex | undefined {
    return this.queues.get(queueId);
  }

  private index(agent: AgentRuntime): void {
    for (const queueId of agent.memberships.keys()) {
      const index = this.queues.get(queueId);
      if (index) this.indexIn(index, agent);
    }
  }

  private unindex(agent: AgentRuntime): void {
    this.unindexAs(agent, { state: agent.state, city: agent.city, memberships: agent.memberships });
  }

  /** Removes the agent as it was filed (state, city, memberships before a change). */
  private unindexAs(agent: AgentRuntime, filed: Filed): void {
    for (const queueId of filed.memberships.keys()) {
      const index = this.queues.get(queueId);
      if (!index) continue;
      this.countIn(index, filed.state, filed.city, -1);
      this.removeEntry(index, agent.id);
    }
  }

  private indexIn(index: QueueIndex, agent: AgentRuntime): void {
    if (!agent.memberships.has(index.queue.config.id)) return;
    this.countIn(index, agent.state, agent.city, 1);
    if (agent.state === 'available') this.addEntry(index, agent);
  }

  /**
   * Same memberships and city: only the counters whose condition changed move, and the entry is
   * refiled if the agent was or is available (its sort key may have changed).
   */
  private refresh(agent: AgentRuntime, previous: AgentState): void {
    const state = agent.state;
    const signedIn = isSignedIn(state) !== isSignedIn(previous);
    const staffed = isStaffed(state) !== isStaffed(previous);
    const wasAvailable = previous === 'available';
    const isAvailable = state === 'available';
    if (!signedIn && !staffed && !wasAvailable && !isAvailable) return;
    for (const queueId of agent.memberships.keys()) {
      const index = this.queues.get(queueId);
      if (!index) continue;
      if (signedIn) index.signedIn += isSignedIn(state) ? 1 : -1;
      if (staffed) this.countStaffed(index, agent.city, isStaffed(state) ? 1 : -1);
      if (wasAvailable) this.removeEntry(index, agent.id);
      if (isAvailable) this.addEntry(index, agent);
    }
  }

  private countIn(index: QueueIndex, state: AgentState, city: string, delta: 1 | -1): void {
    if (isSignedIn(state)) index.signedIn += delta;
    if (isStaffed(state)) this.countStaffed(index, city, delta);
  }

  private countStaffed(index: QueueIndex, city: string, delta: 1 | -1): void {
    index.staffed += delta;
    // Zero counts stay in the map: cities are few, and churn would re-hash them.
    index.staffedByCity.set(city, (index.staffedByCity.get(city) ?? 0) + delta);
  }

  private addEntry(index: QueueIndex, agent: AgentRuntime): void {
    const entry = sortKey(index.queue.config.strategy, index.queue.config.id, agent);
    index.entries.set(agent.id, entry);
    index.available.add(entry);
    if (index.availableByCity) {
      let pool = index.availableByCity.get(entry.city);
      if (!pool) {
        pool = new SortedSet<IndexedAgent>(compareSortKeys);
        index.availableByCity.set(entry.city, pool);
      }
      pool.add(entry);
    }
  }

  private removeEntry(index: QueueIndex, agentId: string): void {
    const entry = index.entries.get(agentId);
    if (!entry) return;
    index.entries.delete(agentId);
    index.available.delete(entry);
    index.availableByCity?.get(entry.city)?.delete(entry);
  }
}
