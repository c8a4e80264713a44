/**
 * What a campaign's recent calls measured, over a rolling window of engine time: answer rate,
 * ring and handle times, abandoned answers (the pacers' `measured`), and the agents' occupancy
 * sampled at every pacing decision.
 */
import type { PacingSnapshot } from '../pacing/pacer.js';

interface Ended {
  at: number;
  answered: boolean;
  abandoned: boolean;
  ringMs: number;
  /** Agent time (talk), when an agent took the call. */
  handleMs: number | null;
}

export class RollingMeasure {
  private ended: Ended[] = [];
  private samples: Array<{ at: number; busy: number; signedIn: number }> = [];

  constructor(private readonly windowMs = 15 * 60_000) {}

  callEnded(e: Ended): void {
    this.ended.push(e);
    this.trim(e.at);
  }

  sampleAgents(at: number, busy: number, signedIn: number): void {
    if (signedIn > 0) this.samples.push({ at, busy, signedIn });
    this.trim(at);
  }

  /** Share of signed-in agent time spent on calls, percent, over the window (null without agents). */
  occupancyPct(): number | null {
    const signedIn = this.samples.reduce((n, s) => n + s.signedIn, 0);
    return signedIn === 0 ? null : (100 * this.samples.reduce((n, s) => n + s.busy, 0)) / signedIn;
  }

  measured(): PacingSnapshot['measured'] {
    const answered = this.ended.filter((e) => e.answered);
    const handled = answered.filter((e) => e.handleMs !== null);
    const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
    return {
      attempts: this.ended.length,
      answerRate: this.ended.length === 0 ? 0 : answered.length / this.ended.length,
      meanRingSeconds: mean(answered.map((e) => e.ringMs / 1000)),
      meanHandleSeconds: mean(handled.map((e) => (e.handleMs ?? 0) / 1000)),
      answered: answered.length,
      abandoned: answered.filter((e) => e.abandoned).length,
    };
  }

  private trim(now: number): void {
    const from = now - this.windowMs;
    if (this.ended.length > 0 && this.ended[0]!.at < from) this.ended = this.ended.filter((e) => e.at >= from);
    if (this.samples.length > 0 && this.samples[0]!.at < from) this.samples = this.samples.filter((s) => s.at >= from);
  }
}
