import type { Pacer, PacingSnapshot } from './pacer.js';
import { callsUp, count, withinLimits } from './within-limits.js';

/**
 * By available trunk ratio (按中继可用比例): the campaign holds at most `ratio` × the trunk
 * channels open to it — those free now plus those its own calls hold — so it leaves the rest to
 * other traffic. Counting its own calls back in keeps the answer steady: placing a call takes a
 * free channel and adds a call up, and the target stays the same.
 */
export class TrunkRatioPacer implements Pacer {
  constructor(private readonly ratio: number) {}

  callsToPlace(snapshot: PacingSnapshot): number {
    return withinLimits(trunkRatioCalls(snapshot, this.ratio), snapshot);
  }
}

export function trunkRatioCalls(snapshot: PacingSnapshot, ratio: number): number {
  const up = callsUp(snapshot);
  return Math.floor((count(snapshot.freeTrunkChannels) + up) * ratio) - up;
}
