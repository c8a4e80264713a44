/**
 * What a campaign's recent calls measured, over a rolling window of engine time: answer and
 * person rates, ring and handle times, abandoned people (the pacers' `measured`), and the
 * agents' occupancy sampled at every pacing decision.
 *
 * Each figure is counted when it becomes known, as the pacer's model expects: a call's ringing
 * when it is answered or fails, who answered when the answer is classified, a person's fate when they reach an agent or hear the safe
 * message, the agent's time when the call ends. Counting everything at the end of the call
 * would count a served person a handle time after an abandoned one, and the answer rate would
 * lag behind the no-answers.
 */
import type { PacingSnapshot } from '../pacing/pacer.js';

interface Rung {
  at: number;
  /** A person, machine or fax answered. */
  answered: boolean;
  ringMs: number;
}

interface PersonFate {
  at: number;
  /** No agent in time: the person heard the safe message. */
  abandoned: boolean;
}

interface Classified {
  at: number;
  /** A person, not a machine, a fax or silence. */
  person: boolean;
}

interface Handled {
  at: number;
  /** How long the call kept its agent: from the offer to the end of the wrap-up. */
  agentMs: number;
}

export class RollingMeasure {
  private rung: Rung[] = [];
  private fates: PersonFate[] = [];
  private classified: Classified[] = [];
  private handled: Handled[] = [];
  private samples: Array<{ at: number; busy: number; signedIn: number }> = [];

  constructor(
    private readonly windowMs = 15 * 60_000,
    /** The abandon-rate controller's short look back. */
    private readonly recentMs = 90_000,
  ) {}

  /** A call stopped ringing: answered (by anyone or anything), or failed. */
  ringEnded(e: Rung): void {
    this.rung.push(e);
    this.trim(e.at);
  }

  /** A person answered and reached an agent (or the flow), or was abandoned. */
  personServed(e: PersonFate): void {
    this.fates.push(e);
    this.trim(e.at);
  }

  /** An answered call was classified. */
  answerClassified(e: Classified): void {
    this.classified.push(e);
    this.trim(e.at);
  }

  /** A call an agent took ended. */
  agentReleased(e: Handled): void {
    this.handled.push(e);
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

  measured(now?: number): PacingSnapshot['measured'] {
    const answered = this.rung.filter((e) => e.answered);
    const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
    const attempts = this.rung.length;
    const latest = now ?? Math.max(this.rung.at(-1)?.at ?? 0, this.fates.at(-1)?.at ?? 0);
    const recent = this.fates.filter((f) => f.at >= latest - this.recentMs);
    const answerRate = attempts === 0 ? 0 : answered.length / attempts;
    // People among the answers, both counted when classified: people over attempts would count
    // the people a few seconds after the no-answers and lag behind while the campaign speeds up.
    const personShare = this.classified.length === 0 ? 1 : this.classified.filter((c) => c.person).length / this.classified.length;
    return {
      attempts,
      answerRate,
      personRate: answerRate * personShare,
      meanRingSeconds: mean(answered.map((e) => e.ringMs / 1000)),
      meanHandleSeconds: mean(this.handled.map((e) => e.agentMs / 1000)),
      // The abandon cap is a share of people: machines in the denominator would let more
      // people be abandoned than the cap says.
      answered: this.fates.length,
      abandoned: this.fates.filter((f) => f.abandoned).length,
      recentAnswered: recent.length,
      recentAbandoned: recent.filter((f) => f.abandoned).length,
    };
  }

  private trim(now: number): void {
    const from = now - this.windowMs;
    if (this.rung.length > 0 && this.rung[0]!.at < from) this.rung = this.rung.filter((e) => e.at >= from);
    if (this.fates.length > 0 && this.fates[0]!.at < from) this.fates = this.fates.filter((e) => e.at >= from);
    if (this.classified.length > 0 && this.classified[0]!.at < from) this.classified = this.classified.filter((e) => e.at >= from);
    if (this.handled.length > 0 && this.handled[0]!.at < from) this.handled = this.handled.filter((e) => e.at >= from);
    if (this.samples.length > 0 && this.samples[0]!.at < from) this.samples = this.samples.filter((s) => s.at >= from);
  }
}
