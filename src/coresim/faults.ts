/**
 * Faults the simulator can be told to show, at start-up or at run time (admin endpoint):
 * - `latencyMs`: every answer waits this long;
 * - `errorRate`: this fraction of requests get a system error (HTTP 503 / TCP S503);
 * - `down`: `refuse` closes the listening ports and drops connections (clients get
 *   "connection refused"); `hang` accepts requests and never answers; `no` serves normally.
 */
import { z } from 'zod';

export const Faults = z.strictObject({
  latencyMs: z.int().min(0).max(600_000),
  errorRate: z.number().min(0).max(1),
  down: z.enum(['no', 'refuse', 'hang']),
});
export type Faults = z.infer<typeof Faults>;
export const FaultsPatch = Faults.partial();

export type FaultPlan = { action: 'hang' } | { action: 'serve'; delayMs: number; fail: boolean };

const healthy: Faults = { latencyMs: 0, errorRate: 0, down: 'no' };

export class FaultController {
  #faults: Faults;
  readonly #random: () => number;
  readonly #listeners = new Set<(faults: Faults, previous: Faults) => void>();

  constructor(initial: Partial<Faults> = {}, random: () => number = Math.random) {
    this.#faults = Faults.parse({ ...healthy, ...initial });
    this.#random = random;
  }

  get(): Faults {
    return { ...this.#faults };
  }

  /** Applies a partial change; throws a ZodError naming bad fields. */
  set(patch: z.input<typeof FaultsPatch>): Faults {
    const next = Faults.parse({ ...this.#faults, ...FaultsPatch.parse(patch) });
    const previous = this.#faults;
    this.#faults = next;
    for (const listener of this.#listeners) listener(this.get(), previous);
    return this.get();
  }

  clear(): Faults {
    return this.set(healthy);
  }

  onChange(listener: (faults: Faults, previous: Faults) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** What to do with the next request. */
  plan(): FaultPlan {
    const { down, latencyMs, errorRate } = this.#faults;
    if (down === 'hang') return { action: 'hang' };
    return { action: 'serve', delayMs: latencyMs, fail: errorRate > 0 && this.#random() < errorRate };
  }
}
