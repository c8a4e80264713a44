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
 * "Idle", "talk" and the window are defined in agent-stats.ts. The router supplies the agents in
 * this order; both the indexed and the naive router pick through `pickAgents`, so they agree.
 */
import { averageIdleMs, averageTalkMs } from './agent-stats.js';
import type { Strategy } from './model.js';
import type { SeededRandom } from './prng.js';
import type { AgentRuntime, QueueRuntime } from './runtime.js';

export type AgentOrder = (a: AgentRuntime, b: AgentRuntime) => number;

function membership(agent: AgentRuntime, queueId: string): { penalty: number; level: number; position: number } {
  const m = agent.memberships.get(queueId);
  // An agent is only ever ordered within queues it belongs to; the fallback keeps the order total.
  return m ?? { penalty: Number.MAX_SAFE_INTEGER, level: 0, position: Number.MAX_SAFE_INTEGER };
}

function byId(a: AgentRuntime, b: AgentRuntime): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byIdle(a: AgentRuntime, b: AgentRuntime): number {
  return a.availableSince - b.availableSince || byId(a, b);
}

/** The order of available agents for a queue: best first. */
export function agentOrder(strategy: Strategy, queueId: string): AgentOrder {
  const tier = (a: AgentRuntime, b: AgentRuntime): number =>
    membership(a, queueId).penalty - membership(b, queueId).penalty;
  switch (strategy) {
    case 'longest_idle':
    case 'ring_all':
      return (a, b) => tier(a, b) || byIdle(a, b);
    case 'longest_average_idle':
      return (a, b) => {
        const t = tier(a, b);
        if (t !== 0) return t;
        const ia = averageIdleMs(a.stats) ?? Number.POSITIVE_INFINITY;
        const ib = averageIdleMs(b.stats) ?? Number.POSITIVE_INFINITY;
        return ia === ib ? byIdle(a, b) : ia > ib ? -1 : 1;
      };
    case 'least_talk_time':
      return (a, b) => tier(a, b) || a.stats.talkMs - b.stats.talkMs || byIdle(a, b);
    case 'least_average_talk_time':
      return (a, b) => tier(a, b) || averageTalkMs(a.stats) - averageTalkMs(b.stats) || byIdle(a, b);
    case 'fewest_answered':
      return (a, b) => tier(a, b) || a.stats.answered - b.stats.answered || byIdle(a, b);
    case 'round_robin':
      return (a, b) => tier(a, b) || membership(a, queueId).position - membership(b, queueId).position || byId(a, b);
    case 'random':
      return (a, b) => tier(a, b) || byId(a, b);
    case 'skills_based':
      return (a, b) => tier(a, b) || membership(b, queueId).level - membership(a, queueId).level || byIdle(a, b);
  }
}

/**
 * Picks from agents supplied best-first in `agentOrder`, skipping those `eligible` rejects.
 * Returns [] when none is eligible, one agent, or for ring_all the whole best eligible tier.
 * Updates the queue's round-robin memory: the caller must offer to whom this returns.
 */
export function pickAgents(
  queue: QueueRuntime,
  ordered: Iterable<AgentRuntime>,
  eligible: (agent: AgentRuntime) => boolean,
  random: SeededRandom,
): AgentRuntime[] {
  const queueId = queue.config.id;
  const strategy = queue.config.strategy;
  if (strategy !== 'ring_all' && strategy !== 'round_robin' && strategy !== 'random') {
    for (const agent of ordered) if (eligible(agent)) return [agent];
    return [];
  }
  // Tier strategies: gather the eligible agents of the best tier that has one.
  const tierAgents: AgentRuntime[] = [];
  let tierPenalty = -1;
  for (const agent of ordered) {
    const penalty = membership(agent, queueId).penalty;
    if (tierAgents.length > 0 && penalty !== tierPenalty) break;
    if (!eligible(agent)) continue;
    tierPenalty = penalty;
    tierAgents.push(agent);
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
