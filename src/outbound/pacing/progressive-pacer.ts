import type { Pacer, PacingSnapshot } from './pacer.js';
import { count, withinLimits } from './within-limits.js';

/**
 * Progressive: one call per free agent. Calls already ringing or answered and waiting are each
 * meant for one of those agents, so they are counted off; an answered person therefore always
 * finds an agent (no abandonment), at the price of agents idle while calls ring.
 */
export class ProgressivePacer implements Pacer {
  callsToPlace(snapshot: PacingSnapshot): number {
    return withinLimits(progressiveCalls(snapshot), snapshot);
  }
}

export function progressiveCalls(snapshot: PacingSnapshot): number {
  return count(snapshot.freeAgents) - count(snapshot.ringing) - count(snapshot.waitingForAgent);
}
