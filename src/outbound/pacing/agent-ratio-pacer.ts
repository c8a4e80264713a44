import type { Pacer, PacingSnapshot } from './pacer.js';
import { count, withinLimits } from './within-limits.js';

/**
 * By available agent ratio (按坐席可用比例): `ratio` calls in flight per free agent (1.5 dials
 * three numbers for two free agents), counting off the calls already ringing or waiting for them.
 */
export class AgentRatioPacer implements Pacer {
  constructor(private readonly ratio: number) {}

  callsToPlace(snapshot: PacingSnapshot): number {
    return withinLimits(agentRatioCalls(snapshot, this.ratio), snapshot);
  }
}

export function agentRatioCalls(snapshot: PacingSnapshot, ratio: number): number {
  return Math.floor(count(snapshot.freeAgents) * ratio) - count(snapshot.ringing) - count(snapshot.waitingForAgent);
}
