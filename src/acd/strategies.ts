/**
 * Distribution strategies: for each, the order of a queue's available agents, and how one (or,
 * for ring_all, a tier of) agent(s) is picked from that order. Penalty comes first in every order:
 * an agent of a higher tier is offered a call only when no eligible agent of a lower one is
 * available. Ties always end in the agent id, so orders are total and deterministic.
 *
 *   longest_idle             longest current idle stretch (earliest availableSince)
 *   longest_average_idle     longest average closed idle stretch; none yet = first
 *   least_talk_time          least talk time in the statistics window
 *   least_average_talk_time  least talk time per answered call
 *   fewest_answered          fewest answered calls in the window
 *   ring_all                 every eligible agent of the best tier rings; first to answer wins
 *   round_robin              next agent by position after the last one offered (memory per queue)
 *   random                   uniform among eligible agents of the best tier (seedable generator)
 *   skills_based             highest level in the queue's skill first, then longest idle
 *
 * "Idle", "talk" and the window are defined in agent-stats.ts. An agent's place is a numeric
 * sort key computed when it becomes available (its inputs do not change while it is); both the
 * indexed and the naive router order by `compareSortKeys` and pick through `pickAgents`, so
 * they agree.
 */
import { averageIdleMs, averageTalkMs } from './agent-stats.js';
import type { Strategy } from './model.js';
import type { SeededRandom } from './prng.js';
import type { AgentRuntime, QueueRuntime } from './runtime.js';

/**
 * An agent's place in one queue's order, as numbers compared in turn (lower first), then the
 * agent id. Computed when the agent is indexed: every input is constant while it is available.
 */
export interface SortKey {
  readonly k0: number;
  readonly k1: number;
  readonly k2: number;
  readonly id: string;
  readonly agent: AgentRuntime;
  /** The agent's city when the key was made (the index it was filed under). */
  readonly city: string;
}

function membership(agent: AgentRuntime, queueId: string): { penalty: number; level: number; position: number } {
  const m = agent.memberships.get(queueId);
  // An agent is only ever ordered within queues it belongs to; the fallback keeps the order total.
  return m ?? { penalty: Number.MAX_SAFE_INTEGER, level: 0, position: Number.MAX_SAFE_INTEGER };
}

/** The sort key of an agent in a queue under a strategy (penalty first, see the table above). */
export function sortKey(strategy: Strategy, queueId: string, agent: AgentRuntime): SortKey {
  const m = membership(agent, queueId);
  const idle = agent.availableSince;
  const p = m.penalty;
  switch (strategy) {
    case 'longest_idle':
    case 'ring_all':
      return makeKey(agent, p, idle, 0);
    case 'longest_average_idle':
      // No closed idle stretch yet counts as infinitely idle: first.
      return makeKey(agent, p, -(averageIdleMs(agent.stats) ?? Number.POSITIVE_INFINITY), idle);
    case 'least_talk_time':
      return makeKey(agent, p, agent.stats.talkMs, idle);
    case 'least_average_talk_time':
      return makeKey(agent, p, averageTalkMs(agent.stats), idle);
    case 'fewest_answered':
      return makeKey(agent, p, agent.stats.answered, idle);
    case 'round_robin':
      return makeKey(agent, p, m.position, 0);
    case 'random':
      return makeKey(agent, p, 0, 0);
    case 'skills_based':
      return makeKey(agent, p, -m.level, idle);
  }
}

function makeKey(agent: AgentRuntime, k0: number, k1: number, k2: number): SortKey {
  return { k0, k1, k2, id: agent.id, agent, city: agent.city };
}

/** Total order on sort keys (comparisons, not subtraction: keys may be infinite). */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a.k0 !== b.k0) return a.k0 < b.k0 ? -1 : 1;
  if (a.k1 !== b.k1) return a.k1 < b.k1 ? -1 : 1;
  if (a.k2 !== b.k2) return a.k2 < b.k2 ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Picks from agents supplied best-first (sort keys in `compareSortKeys` order), skipping those
 * `eligible` rejects.
 * Returns [] when none is eligible, one agent, or for ring_all the whole best eligible tier.
 * Updates the queue's round-robin memory: the caller must offer to whom this returns.
 */
export function pickAgents(
  queue: QueueRuntime,
  ordered: Iterable<SortKey>,
  eligible: (agent: AgentRuntime) => boolean,
  random: SeededRandom,
): AgentRuntime[] {
  const queueId = queue.config.id;
  const strategy = queue.config.strategy;
  if (strategy !== 'ring_all' && strategy !== 'round_robin' && strategy !== 'random') {
    for (const key of ordered) if (eligible(key.agent)) return [key.agent];
    return [];
  }
  // Tier strategies: gather the eligible agents of the best tier (k0 = penalty) that has one.
  const tierAgents: AgentRuntime[] = [];
  let tierPenalty = -1;
  for (const key of ordered) {
    if (tierAgents.length > 0 && key.k0 !== tierPenalty) break;
    if (!eligible(key.agent)) continue;
    tierPenalty = key.k0;
    tierAgents.push(key.agent);
  }
  if (tierAgents.length === 0) return [];
  if (strategy === 'ring_all') return tierAgents;
  if (strategy === 'random') return [tierAgents[random.below(tierAgents.length)] as AgentRuntime];
  const last = queue.roundRobinLast;
  let chosen = tierAgents[0] as AgentRuntime;
  if (last && last.penalty === tierPenalty) {
    const after = tierAgents.find((agent) => {
      const p = membership(agent, queueId).position;
      return p > last.position || (p === last.position && agent.id > last.id);
    });
    if (after) chosen = after;
  }
  queue.roundRobinLast = { penalty: tierPenalty, position: membership(chosen, queueId).position, id: chosen.id };
  return [chosen];
}
