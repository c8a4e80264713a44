import type { Pacer, PacingSnapshot } from './pacer.js';
import { callsUp, count, withinLimits } from './within-limits.js';

/**
 * By agent multiple (坐席倍数): keep `ratio` × the signed-in agents in calls up (ringing,
 * waiting or connected), whether the agents are free or not — the seed's simple "predictive".
 */
export class AgentMultiplePacer implements Pacer {
  constructor(private readonly ratio: number) {}

  callsToPlace(snapshot: PacingSnapshot): number {
    return withinLimits(Math.floor(count(snapshot.signedInAgents) * this.ratio) - callsUp(snapshot), snapshot);
  }
}
