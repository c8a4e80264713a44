/**
 * What the predictive pacer remembers of the calls it asked for: when, and how many. A call
 * placed a second ago is about as likely to bring a person as a new one; one ringing for most
 * of the usual answer delay mostly will not (the snapshot's `ringing` count cannot tell them
 * apart). Answer delays are taken as spread evenly from 0 to twice the measured mean.
 */
export class PlacedCallsMemory {
  private readonly batches: { at: number; calls: number }[] = [];

  remember(nowMs: number, calls: number): void {
    if (calls > 0 && Number.isFinite(nowMs)) this.batches.push({ at: nowMs, calls });
  }

  /**
   * People still to answer among the calls ringing now, mean and variance. `ringing` is the
   * snapshot's count: calls the pacer does not remember (placed before it existed) count as new.
   */
  peopleToCome(nowMs: number, ringing: number, personRate: number, meanRingS: number): { mean: number; variance: number } {
    const spanMs = Math.max(2 * meanRingS, 1) * 1000;
    while (this.batches.length > 0 && this.batches[0]!.at < nowMs - Math.max(spanMs, FORGET_AFTER_MS)) this.batches.shift();
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
}

/** Calls older than this have rung out or been answered whatever the measured delays. */
const FORGET_AFTER_MS = 120_000;
