/**
 * Bounds on what one metrics or report request may make the server do. The server that answers
 * these requests also runs the IVR and the ACD: a request that loads years of rows or builds
 * millions of interval objects would stall (or kill) every call, so each request is refused
 * with `range_too_large` before it gets that far.
 */
import { AcdError } from '../errors.js';

export const REPORT_LIMITS = {
  /** Longest from–to range: a year and a day (a yearly report in one bucket). */
  maxRangeMs: 366 * 86_400_000,
  /** Most intervals in one answer: a month of 15-minute intervals. */
  maxIntervals: 3000,
  /** Most rows (queue visits, or agent state changes) read from the store for one answer. */
  maxRowsRead: 50_000,
  /** Most rows (interval × queue, or interval × agent) in one answer. */
  maxRowsOut: 20_000,
} as const;

export class RangeTooLargeError extends AcdError {
  constructor(message: string) {
    super('range_too_large', message);
  }
}

/** Checks the range and the number of intervals before anything is read. */
export function checkReportRange(from: number, to: number, intervalMinutes: number | undefined): number {
  if (!(to > from)) return 0; // the metrics themselves refuse an empty range
  if (to - from > REPORT_LIMITS.maxRangeMs) throw new RangeTooLargeError(`the range may span at most ${REPORT_LIMITS.maxRangeMs / 86_400_000} days`);
  // One more than the whole intervals: the first one may start before `from` (local alignment).
  const intervals = intervalMinutes === undefined ? 1 : Math.ceil((to - from) / (intervalMinutes * 60_000)) + 1;
  if (intervals > REPORT_LIMITS.maxIntervals) {
    throw new RangeTooLargeError(`at most ${REPORT_LIMITS.maxIntervals} intervals per request: use a longer intervalMinutes or a shorter range`);
  }
  return intervals;
}

/** Refuses when the store had more rows than one answer may read (it was asked for one more). */
export function checkRowsRead(what: string, count: number): void {
  if (count > REPORT_LIMITS.maxRowsRead) throw new RangeTooLargeError(`more than ${REPORT_LIMITS.maxRowsRead} ${what} in the range: narrow the range`);
}

/** Refuses an answer of more than maxRowsOut rows (intervals × queues or agents). */
export function checkRowsOut(intervals: number, series: number): void {
  if (intervals * series > REPORT_LIMITS.maxRowsOut) {
    throw new RangeTooLargeError(`the answer would have ${intervals * series} rows (at most ${REPORT_LIMITS.maxRowsOut}): narrow the range, use a longer intervalMinutes, or ask for one queue or agent`);
  }
}
