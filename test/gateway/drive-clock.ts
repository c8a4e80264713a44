/** Test helper: move a ManualClock in small steps while real I/O happens, until a promise settles. */
import type { ManualClock } from '../../src/gateway/clock.js';

/**
 * Advances `clock` by `stepMs` at a time (letting real sockets work ~1 ms between steps) until
 * `promise` settles. Throws if it has not settled after `maxVirtualMs` of clock time: that is
 * how a test proves a call failed fast rather than at its timeout.
 */
export async function settleWithin<T>(clock: ManualClock, promise: Promise<T>, maxVirtualMs: number, stepMs = 10): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  watched.catch(() => {});
  const start = clock.now();
  while (!settled) {
    if (clock.now() - start >= maxVirtualMs) throw new Error(`not settled within ${maxVirtualMs} ms of clock time`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (!settled) await clock.advance(stepMs);
  }
  return watched;
}
