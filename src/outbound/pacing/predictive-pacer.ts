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
    const { measured } = snapshot;
    this.firstSeen ??= snapshot.now;
    // Early on only the short calls have ended, so the measured handle time is too short and
    // would make the pacer expect agents back too soon: wait a few handle times first.
    const watchedS = (snapshot.now - this.firstSeen) / 1000;
    const trusted =
      measured.attempts >= MIN_ATTEMPTS && measured.meanHandleSeconds > 0 && measured.answerRate > 0 && watchedS >= WATCH_HANDLE_TIMES * measured.meanHandleSeconds;
    const ceiling = withinLimits(Number.MAX_SAFE_INTEGER, snapshot);
    // The controller learns only from what it paced: abandonment under progressive dialling
    // (none) says nothing about how far ahead it may dial.
    const calls = withinLimits(trusted ? Math.max(progressive, this.largestSafe(snapshot, this.controller.allowedRisk(snapshot), ceiling)) : progressive, snapshot);
    this.memory.remember(snapshot.now, calls);
    return calls;
  }

  /** Exposed for the benchmark's report. */
  get controllerGain(): number {
    return this.controller.currentGain;
  }

  private largestSafe(snapshot: PacingSnapshot, allowedRisk: number, ceiling: number): number {
    const { measured } = snapshot;
    // Chance that a new call brings a person (who needs an agent): machines and faxes answer
    // too, but are hung up on once detected.
    const answer = Math.min(Math.max(measured.personRate ?? measured.answerRate, MIN_ANSWER_RATE), 1);
    // Of the calls answered and still being classified, the share that will turn out people.
    const personShare = measured.answerRate > 0 ? Math.min(Math.max(answer / measured.answerRate, 0), 1) : 1;
    const classifying = Math.min(count(snapshot.classifying ?? 0), count(snapshot.connected));
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
    const soonMean = toCome.mean + classifying * personShare;
    const soonVar = toCome.variance + classifying * personShare * (1 - personShare);
    const safe = (calls: number): boolean => {
      const peopleMean = soonMean + calls * answer;
      const peopleVar = soonVar + calls * answer * (1 - answer);
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
