/**
 * Finds the largest size a benchmark sustains: doubles from `start` while a size passes (up to
 * `max`), then bisects between the last size that passed and the first that failed, down to
 * `step` (sizes are multiples of it).
 */
export interface RampResult<R> {
  /** The largest size that passed (0 if none did), with its result. */
  best: number;
  bestResult: R | undefined;
  /** The smallest size that failed (undefined if none did: `max` was reached). */
  firstFailed: number | undefined;
}

export async function rampToLimit<R>(options: { start: number; step: number; max: number; run: (size: number) => Promise<R>; passed: (result: R) => boolean }): Promise<RampResult<R>> {
  const { step, max } = options;
  const round = (n: number) => Math.max(step, Math.round(n / step) * step);
  let best = 0;
  let bestResult: R | undefined;
  let failed: number | undefined;
  for (let size = Math.min(round(options.start), max); ; ) {
    const result = await options.run(size);
    if (options.passed(result)) {
      best = size;
      bestResult = result;
      if (size >= max) break;
      size = Math.min(size * 2, max);
    } else {
      failed = size;
      break;
    }
  }
  while (failed !== undefined && failed - best > step) {
    const size = round((best + failed) / 2);
    if (size <= best || size >= failed) break;
    const result = await options.run(size);
    if (options.passed(result)) {
      best = size;
      bestResult = result;
    } else failed = size;
  }
  return { best, bestResult, firstFailed: failed };
}
