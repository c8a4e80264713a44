/**
 * What the predictive pacer remembers of the calls it asked for: when, and how many. A call
 * placed a second ago is about as likely to bring a person as a new one; one ringing for most
 * of the usual answer delay mostly will not (the snapshot's `ringing` count cannot tell them
 * apart). Answer delays are taken as spread evenly from 0 to twice the measured mean.
 */
export class PlacedCallsMemory {
  private readonly batches: { at: number; calls: number }[] = [];

  remember(nowMs: number, calls: number): void {
    if (!Number.isFinite(nowMs)) return;
    this.forgetBefore(nowMs - FORGET_AFTER_MS);
    if (calls > 0) this.batches.push({ at: nowMs, calls });
  }

  /**
   * People still to answer among the calls ringing now, mean and variance. `ringing` is the
   * snapshot's count: calls the pacer does not remember (placed before it existed) count as new.
   */
  peopleToCome(nowMs: number, ringing: number, personRate: number, meanRingS: number): { mean: number; variance: number } {
    const spanMs = Math.max(2 * meanRingS, 1) * 1000;
    this.forgetBefore(nowMs - Math.max(spanMs, FORGET_AFTER_MS));
    let mean = 0;
    let variance = 0;
    let remembered = 0;
    for (const { at, calls } of this.batches) {
      const age = Math.max(nowMs - at, 0);
      if (age < spanMs) {
        const chance = personRate * (1 - age / spanMs);
        mean += calls * chance;
        variance += calls * chance * (1 - chance);
      }
      remembered += calls;
    }
    const unknown = Math.max(ringing - remembered, 0);
    mean += unknown * personRate;
    variance += unknown * personRate * (1 - personRate);
    // Never more people than calls ringing.
    if (mean > ringing) {
      variance *= ringing / mean;
      mean = ringing;
    }
    return { mean, variance };
  }

  /** Batches held, for tests. */
  get size(): number {
    return this.batches.length;
  }

  private forgetBefore(ms: number): void {
    let drop = 0;
    while (drop < this.batches.length && this.batches[drop]!.at < ms) drop += 1;
    if (drop > 0) this.batches.splice(0, drop);
  }
}

/** Calls older than this have rung out or been answered whatever the measured delays. */
const FORGET_AFTER_MS = 120_000;
