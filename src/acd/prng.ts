import { seededRandom, type Random } from '../random/seeded-random.js';

/**
 * The seeded generator for the `random` strategy, so a test or a replay with the same seed makes
 * the same choices.
 */
export class SeededRandom {
  private readonly random: Random;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.random();
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
