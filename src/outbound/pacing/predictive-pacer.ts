import { AbandonRateController } from './abandon-controller.js';
import { expectedOverflow } from './expected-overflow.js';
import type { Pacer, PacingSnapshot } from './pacer.js';
import { progressiveCalls } from './progressive-pacer.js';
import { count, withinLimits } from './within-limits.js';

/**
 * Predictive: dial ahead of the agents. Calls placed now are answered about `meanRingSeconds`
 * from now; by then some busy agents will have finished. The pacer predicts, as a normal
 * approximation, how many people the calls in flight plus `n` new ones will bring and how many
 * agents will be free for them, and places the largest `n` whose expected share of people left
 * without an agent stays under the risk the abandon-rate controller allows. Until the campaign
 * has measured enough calls to trust its rates it dials progressively, and it never dials less
 * than progressive would (that never strands anyone).
 */
export class PredictivePacer implements Pacer {
  private readonly controller: AbandonRateController;

  constructor(abandonCapPct: number) {
    this.controller = new AbandonRateController(abandonCapPct / 100);
  }

  callsToPlace(snapshot: PacingSnapshot): number {
    const progressive = progressiveCalls(snapshot);
    const allowedRisk = this.controller.allowedRisk(snapshot);
    const { measured } = snapshot;
    if (!(measured.attempts >= MIN_ATTEMPTS) || !(measured.meanHandleSeconds > 0) || !(measured.answerRate > 0)) {
      return withinLimits(progressive, snapshot);
    }
    const ceiling = withinLimits(Number.MAX_SAFE_INTEGER, snapshot);
    return withinLimits(Math.max(progressive, this.largestSafe(snapshot, allowedRisk, ceiling)), snapshot);
  }

  /** Exposed for the benchmark's report. */
  get controllerGain(): number {
    return this.controller.currentGain;
  }

  private largestSafe(snapshot: PacingSnapshot, allowedRisk: number, ceiling: number): number {
    const { measured } = snapshot;
    const answer = Math.min(measured.answerRate, 1);
    const ringS = Math.max(measured.meanRingSeconds, 0);
    const handleS = measured.meanHandleSeconds;
    const free = count(snapshot.freeAgents);
    const busy = Math.max(count(snapshot.signedInAgents) - free, 0);
    // A busy agent finishes before the new calls are answered (plus the short wait an answered
    // person is given) with this chance, taking handle times as memoryless.
    const finishes = 1 - Math.exp(-(ringS + PERSON_WAIT_S) / handleS);
    const agentsMean = free - count(snapshot.waitingForAgent) + busy * finishes;
    const agentsVar = busy * finishes * (1 - finishes);
    const ringing = count(snapshot.ringing);
    let n = 0;
    while (n < ceiling) {
      const calls = ringing + n + 1;
      const peopleMean = calls * answer;
      const shortfall = expectedOverflow(peopleMean - agentsMean, Math.sqrt(calls * answer * (1 - answer) + agentsVar));
      if (shortfall > allowedRisk * peopleMean) break;
      n += 1;
    }
    return n;
  }
}

/** Attempts the rolling window must hold before its rates are used instead of progressive dialling. */
const MIN_ATTEMPTS = 30;
/** How long an answered person may wait for an agent before hearing the "safe" message. */
const PERSON_WAIT_S = 2;
