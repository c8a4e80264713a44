import { AbandonRateController } from './abandon-controller.js';
import { expectedOverflow } from './expected-overflow.js';
import type { Pacer, PacingSnapshot } from './pacer.js';
import { PlacedCallsMemory } from './placed-calls-memory.js';
import { progressiveCalls } from './progressive-pacer.js';
import { count, withinLimits } from './within-limits.js';

/**
 * Predictive: dial ahead of the agents. Calls placed now are answered about `meanRingSeconds`
 * from now; by then some busy agents will have finished. The pacer predicts, as a normal
 * approximation, how many people the calls still ringing (weighed by how long ago it placed
 * them) plus `n` new ones will bring and how many agents will be free for them, and places the
 * largest `n` whose expected share of people left without an agent stays under the risk the
 * abandon-rate controller allows. Until it has watched enough calls to trust the measured
 * rates it dials progressively, and it never dials less than progressive would (which strands
 * nobody).
 */
export class PredictivePacer implements Pacer {
  private readonly controller: AbandonRateController;
  private readonly memory = new PlacedCallsMemory();
  private firstSeen: number | undefined;

  constructor(abandonCapPct: number) {
    this.controller = new AbandonRateController(abandonCapPct / 100);
  }

  callsToPlace(snapshot: PacingSnapshot): number {
    const progressive = progressiveCalls(snapshot);
    const allowedRisk = this.controller.allowedRisk(snapshot);
    const { measured } = snapshot;
    this.firstSeen ??= snapshot.now;
    // Early on only the short calls have ended, so the measured handle time is too short and
    // would make the pacer expect agents back too soon: wait a few handle times first.
    const watchedS = (snapshot.now - this.firstSeen) / 1000;
    const trusted =
      measured.attempts >= MIN_ATTEMPTS && measured.meanHandleSeconds > 0 && measured.answerRate > 0 && watchedS >= WATCH_HANDLE_TIMES * measured.meanHandleSeconds;
    const ceiling = withinLimits(Number.MAX_SAFE_INTEGER, snapshot);
    const calls = withinLimits(trusted ? Math.max(progressive, this.largestSafe(snapshot, allowedRisk, ceiling)) : progressive, snapshot);
    this.memory.remember(snapshot.now, calls);
    return calls;
  }

  /** Exposed for the benchmark's report. */
  get controllerGain(): number {
    return this.controller.currentGain;
  }

  private largestSafe(snapshot: PacingSnapshot, allowedRisk: number, ceiling: number): number {
    const { measured } = snapshot;
    // Chance that a new call is answered. Machines are in it: until detection the dialler cannot
    // tell them from people, and the controller's gain absorbs the difference.
    const answer = Math.min(Math.max(measured.answerRate, MIN_ANSWER_RATE), 1);
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
    const toCome = this.memory.peopleToCome(snapshot.now, ringing, answer, ringS);
    const safe = (calls: number): boolean => {
      const peopleMean = toCome.mean + calls * answer;
      const peopleVar = toCome.variance + calls * answer * (1 - answer);
      return expectedOverflow(peopleMean - agentsMean, Math.sqrt(peopleVar + agentsVar)) <= allowedRisk * peopleMean;
    };
    // The risk grows with the calls placed: find the last safe count by doubling, then halving.
    if (ceiling < 1 || !safe(1)) return 0;
    let low = 1;
    let high = 2;
    while (high <= ceiling && safe(high)) {
      low = high;
      high *= 2;
    }
    high = Math.min(high, ceiling + 1);
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (safe(middle)) low = middle;
      else high = middle;
    }
    return low;
  }
}

/** Attempts the rolling window must hold before its rates are used instead of progressive dialling. */
const MIN_ATTEMPTS = 30;
/** How many measured handle times the pacer watches (dialling progressively) before it trusts them. */
const WATCH_HANDLE_TIMES = 3;
/** A floor under the measured answer rate, so a list nobody answers does not flood the lines. */
const MIN_ANSWER_RATE = 0.02;
/** How long an answered person may wait for an agent before hearing the "safe" message. */
const PERSON_WAIT_S = 2;
