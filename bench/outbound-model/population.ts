/**
 * The people a campaign calls, drawn once from a seed so that two dialling modes can be run on
 * the very same list: the i-th number dialled answers (or not) the same way, after the same
 * delay, and its call lasts as long, whichever mode dials it.
 */
import { SeededRandom } from '../../src/acd/prng.js';

export type NumberOutcome = 'person' | 'machine' | 'busy' | 'no_answer';

export interface CalledNumber {
  outcome: NumberOutcome;
  /** Seconds from the dial to the answer, the busy tone or the no-answer timeout. */
  ringS: number;
  /** A machine: seconds its detection holds the line. A person: seconds of an agent's talk and wrap-up. */
  holdS: number;
}

export interface PopulationSettings {
  numbers: number;
  seed: number;
  /** Share of dials answered, by a person or a machine. */
  answerRate: number;
  /** Share of the answered calls that are answering machines. */
  machineShare: number;
  /** Share of dials that meet a busy line. */
  busyRate: number;
  answerDelayS: readonly [number, number];
  busyDelayS: readonly [number, number];
  noAnswerTimeoutS: number;
  machineDetectS: readonly [number, number];
  handle: { distribution: 'lognormal' | 'exponential'; meanS: number; /** lognormal only */ sigma: number };
}

export function drawPopulation(settings: PopulationSettings): CalledNumber[] {
  const rnd = new SeededRandom(settings.seed);
  const out: CalledNumber[] = [];
  for (let i = 0; i < settings.numbers; i++) {
    // Always the same draws per number, whatever its outcome, so the list does not shift.
    const kind = rnd.next();
    const isMachine = rnd.next() < settings.machineShare;
    const delay = rnd.next();
    const hold = rnd.next();
    const u1 = rnd.next();
    const u2 = rnd.next();
    if (kind < settings.answerRate) {
      const ringS = between(settings.answerDelayS, delay);
      out.push(isMachine ? { outcome: 'machine', ringS, holdS: between(settings.machineDetectS, hold) } : { outcome: 'person', ringS, holdS: handleTime(settings.handle, u1, u2) });
    } else if (kind < settings.answerRate + settings.busyRate) {
      out.push({ outcome: 'busy', ringS: between(settings.busyDelayS, delay), holdS: 0 });
    } else {
      out.push({ outcome: 'no_answer', ringS: settings.noAnswerTimeoutS, holdS: 0 });
    }
  }
  return out;
}

function between([low, high]: readonly [number, number], u: number): number {
  return low + (high - low) * u;
}

function handleTime(handle: PopulationSettings['handle'], u1: number, u2: number): number {
  const uniform = 1 - u1; // (0, 1]: the logarithm stays finite
  if (handle.distribution === 'exponential') return -handle.meanS * Math.log(uniform);
  // Lognormal with the given mean: mu = ln(mean) − sigma²/2; a standard normal by Box–Muller.
  const normal = Math.sqrt(-2 * Math.log(uniform)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(Math.log(handle.meanS) - (handle.sigma * handle.sigma) / 2 + handle.sigma * normal);
}
