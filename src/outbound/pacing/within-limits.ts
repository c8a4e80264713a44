import type { PacingSnapshot } from './pacer.js';

/**
 * The last word of every mode: a whole number of calls, never negative, never more than the
 * lines the campaign may still open or the numbers due now. A mode that computes garbage from
 * a garbled snapshot (NaN, infinities) places nothing rather than a flood.
 */
export function withinLimits(calls: number, snapshot: PacingSnapshot): number {
  const ceiling = Math.min(wholeOrZero(snapshot.linesAvailable), wholeOrZero(snapshot.numbersDue));
  return Math.min(wholeOrZero(calls), ceiling);
}

function wholeOrZero(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** A count from the snapshot as a usable non-negative number (0 when garbled). */
export function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Campaign calls placed that hold a trunk channel: ringing, waiting for an agent, connected. */
export function callsUp(snapshot: PacingSnapshot): number {
  return count(snapshot.ringing) + count(snapshot.waitingForAgent) + count(snapshot.connected);
}
