import { agentRatioCalls } from './agent-ratio-pacer.js';
import type { Pacer, PacingSnapshot } from './pacer.js';
import { trunkRatioCalls } from './trunk-ratio-pacer.js';
import { withinLimits } from './within-limits.js';

/** By both ratios (综合比例): the smaller of what the trunk ratio and the agent ratio allow. */
export class TrunkAndAgentRatioPacer implements Pacer {
  constructor(private readonly ratio: number) {}

  callsToPlace(snapshot: PacingSnapshot): number {
    return withinLimits(Math.min(trunkRatioCalls(snapshot, this.ratio), agentRatioCalls(snapshot, this.ratio)), snapshot);
  }
}
