/**
 * The deliberately naive router: no index at all. Every decision scans every agent (and every
 * waiting caller), the way a first version of an ACD usually does. It exists as the baseline
 * of bench/acd.ts and as an independent cross-check of IndexedRouter in the tests; the
 * queue service never uses it. Its rules are the shared ones, so both pick the same agents.
 */
import { isSignedIn, isStaffed } from './agent-state.js';
import { isDue, isEligible, restrictedCity } from './eligibility.js';
import { SeededRandom } from './prng.js';
import type { Router } from './router.js';
import type { AgentRuntime, CallerRuntime, QueueRuntime } from './runtime.js';
import { compareCallerRank } from './runtime.js';
import { compareSortKeys, pickAgents, sortKey, type SortKey } from './strategies.js';

export class NaiveRouter implements Router {
  private readonly queues = new Map<string, QueueRuntime>();
  private readonly agents = new Map<string, AgentRuntime>();
  private readonly callers = new Set<CallerRuntime>();
  private readonly random: SeededRandom;
  private readonly staffedInCity = (queueId: string, city: string): number => this.staffedCount(queueId, city);

  constructor(seed = 1) {
    this.random = new SeededRandom(seed);
  }

  upsertQueue(queue: QueueRuntime): void {
    this.queues.set(queue.config.id, queue);
  }

  removeQueue(queueId: string): void {
    this.queues.delete(queueId);
  }

  addAgent(agent: AgentRuntime): void {
    this.agents.set(agent.id, agent);
  }

  removeAgent(agent: AgentRuntime): void {
    this.agents.delete(agent.id);
  }

  updateAgent(_agent: AgentRuntime, change: () => void): void {
    change();
  }

  rebuild(): void {}

  enqueue(caller: CallerRuntime): void {
    this.callers.add(caller);
  }

  dequeue(caller: CallerRuntime): void {
    this.callers.delete(caller);
  }

  agentsFor(caller: CallerRuntime, now: number): AgentRuntime[] {
    const queue = this.queues.get(caller.queueId);
    if (!queue || !isDue(caller, now)) return [];
    const city = restrictedCity(caller, queue, now, this.staffedInCity);
    const candidates: SortKey[] = [];
    for (const agent of this.agents.values()) {
      if (agent.state === 'available' && agent.memberships.has(queue.config.id) && isEligible(agent, caller, city)) {
        candidates.push(sortKey(queue.config.strategy, queue.config.id, agent));
      }
    }
    candidates.sort(compareSortKeys);
    return pickAgents(queue, candidates, () => true, this.random);
  }

  callerFor(agent: AgentRuntime, now: number): CallerRuntime | undefined {
    let best: CallerRuntime | undefined;
    for (const caller of this.callers) {
      const queue = this.queues.get(caller.queueId);
      if (!queue || !agent.memberships.has(caller.queueId)) continue;
      if (best && compareCallerRank(caller, best) > 0) continue;
      if (!isDue(caller, now)) continue;
      if (isEligible(agent, caller, restrictedCity(caller, queue, now, this.staffedInCity))) best = caller;
    }
    return best;
  }

  position(caller: CallerRuntime): number {
    if (!this.callers.has(caller)) return 0;
    let ahead = 0;
    for (const other of this.callers) {
      if (other.queueId === caller.queueId && compareCallerRank(other, caller) < 0) ahead += 1;
    }
    return ahead + 1;
  }

  waiting(queueId: string): readonly CallerRuntime[] {
    return [...this.callers].filter((c) => c.queueId === queueId).sort(compareCallerRank);
  }

  waitingCount(queueId: string): number {
    let n = 0;
    for (const caller of this.callers) if (caller.queueId === queueId) n += 1;
    return n;
  }

  availableCount(queueId: string): number {
    return this.countAgents(queueId, (agent) => agent.state === 'available');
  }

  staffedCount(queueId: string, city?: string): number {
    return this.countAgents(queueId, (agent) => isStaffed(agent.state) && (city === undefined || agent.city === city));
  }

  signedInCount(queueId: string): number {
    return this.countAgents(queueId, (agent) => isSignedIn(agent.state));
  }

  private countAgents(queueId: string, test: (agent: AgentRuntime) => boolean): number {
    let n = 0;
    for (const agent of this.agents.values()) if (agent.memberships.has(queueId) && test(agent)) n += 1;
    return n;
  }
}
