/**
 * Whether an available agent may take a given caller. Shared by both routers so their decisions
 * are the same by construction.
 *
 * - A call for one agent (a preview agent's own outbound call) goes to nobody else.
 * - Required skills: the agent must hold every skill the caller needs at or above its level.
 * - Declines: an agent who declined the call, or let it ring out, is not offered it again while
 *   it stays in this queue (otherwise fewest_answered would offer it to them forever).
 * - Retry delay: a callback whose last dial went unanswered is offered to nobody before its
 *   `notBefore`; it keeps its place in the waiting list meanwhile (callers behind it go first).
 * - Local preference: while the caller's city has staffed agents in the queue (available,
 *   ringing, talking or in wrap-up — paused and locked agents cannot answer, so waiting for
 *   them is pointless), and for the queue's localPreferenceWaitS after entering it, only agents
 *   of that city may answer; afterwards, or when the city has none, anyone.
 */
import type { AgentRuntime, CallerRuntime, QueueRuntime } from './runtime.js';

export function hasRequiredSkills(agent: AgentRuntime, caller: CallerRuntime): boolean {
  for (const need of caller.requiredSkills) {
    const level = agent.skills.get(need.skill);
    if (level === undefined || level < need.minLevel) return false;
  }
  return true;
}

/** The city the caller is restricted to right now, or undefined when anyone may answer. */
export function restrictedCity(
  caller: CallerRuntime,
  queue: QueueRuntime,
  now: number,
  staffedInCity: (queueId: string, city: string) => number,
): string | undefined {
  const waitS = queue.config.localPreferenceWaitS;
  if (waitS <= 0 || caller.city === '') return undefined;
  if (now >= caller.queuedAt + waitS * 1000) return undefined;
  return staffedInCity(queue.config.id, caller.city) > 0 ? caller.city : undefined;
}

export function isEligible(agent: AgentRuntime, caller: CallerRuntime, city: string | undefined): boolean {
  if (caller.entry.onlyAgent !== undefined && agent.id !== caller.entry.onlyAgent) return false;
  if (city !== undefined && agent.city !== city) return false;
  if (caller.declinedBy.has(agent.id)) return false;
  return caller.requiredSkills.length === 0 || hasRequiredSkills(agent, caller);
}

/** False while a callback waits out its retry delay. */
export function isDue(caller: CallerRuntime, now: number): boolean {
  return caller.notBefore <= now;
}
