/**
 * Expected wait time (EWT) for a caller's position announcement.
 *
 * With N staffed agents (available, ringing, talking, wrap-up) whose recent handle time
 * (talk + wrap-up) averages H, an agent frees up every H/N on average, and the caller at
 * position p waits for p of those: EWT ≈ p · H / N. Handle times are the last `samples` calls
 * of the queue. The estimate is "not meaningful" — and should not be announced — with fewer
 * than `minSamples` calls of history (a fresh morning) or no staffed agent (the promise
 * "about 2 minutes" would be a guess).
 */
export type WaitEstimate =
  | { readonly meaningful: true; readonly position: number; readonly expectedWaitS: number }
  | { readonly meaningful: false; readonly position: number; readonly reason: 'not_waiting' | 'too_little_data' | 'no_agents' };

export interface HandleTimeHistoryOptions {
  /** Recent calls kept per queue. */
  samples?: number;
  /** Fewest calls before an estimate is given. */
  minSamples?: number;
}

export class HandleTimeHistory {
  readonly samples: number;
  readonly minSamples: number;
  private readonly perQueue = new Map<string, { values: number[]; next: number; sum: number }>();

  constructor(options: HandleTimeHistoryOptions = {}) {
    this.samples = Math.max(1, options.samples ?? 20);
    this.minSamples = Math.min(this.samples, Math.max(1, options.minSamples ?? 5));
  }

  add(queueId: string, handleMs: number): void {
    let ring = this.perQueue.get(queueId);
    if (!ring) {
      ring = { values: [], next: 0, sum: 0 };
      this.perQueue.set(queueId, ring);
    }
    if (ring.values.length < this.samples) {
      ring.values.push(handleMs);
    } else {
      ring.sum -= ring.values[ring.next] ?? 0;
      ring.values[ring.next] = handleMs;
      ring.next = (ring.next + 1) % this.samples;
    }
    ring.sum += handleMs;
  }

  count(queueId: string): number {
    return this.perQueue.get(queueId)?.values.length ?? 0;
  }

  /** Mean of the kept handle times, ms; undefined with no history. */
  averageMs(queueId: string): number | undefined {
    const ring = this.perQueue.get(queueId);
    return ring && ring.values.length > 0 ? ring.sum / ring.values.length : undefined;
  }

  estimate(queueId: string, position: number, staffedAgents: number): WaitEstimate {
    if (position <= 0) return { meaningful: false, position: 0, reason: 'not_waiting' };
    if (staffedAgents <= 0) return { meaningful: false, position, reason: 'no_agents' };
    const average = this.averageMs(queueId);
    if (average === undefined || this.count(queueId) < this.minSamples) {
      return { meaningful: false, position, reason: 'too_little_data' };
    }
    return { meaningful: true, position, expectedWaitS: Math.round((position * average) / staffedAgents / 1000) };
  }
}
