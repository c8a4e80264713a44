import type { PacingSnapshot } from './pacer.js';

/**
 * Holds the predictive pacer under the abandon-rate cap. The pacer's prediction is only a
 * model (answers and hang-ups are random, the measured means lag), so the share of people it
 * is allowed to risk is the cap times a gain that this controller adapts from what the
 * campaign actually measures: the gain shrinks as the measured abandon rate nears or passes
 * the cap (four times faster once past it) and grows while it stays well below. Aiming at half
 * the cap (the setpoint) leaves room for the rolling window's noise.
 */
export class AbandonRateController {
  // A model that predicts well needs a gain about the setpoint's share of the cap: starting
  // there, the first minutes of dialling ahead do not overshoot while the measured means settle.
  private gain = SETPOINT_SHARE_OF_CAP;
  private lastNow: number | undefined;

  constructor(
    /** The cap as a fraction (0.03 for 3 %). */
    private readonly cap: number,
  ) {}

  /** The share of expected answered people the pacer may risk leaving without an agent now. */
  allowedRisk(snapshot: PacingSnapshot): number {
    if (!(this.cap > 0)) return 0;
    this.adapt(snapshot);
    return this.cap * this.gain;
  }

  /** Exposed for tests and the benchmark's report. */
  get currentGain(): number {
    return this.gain;
  }

  private adapt(snapshot: PacingSnapshot): void {
    const now = snapshot.now;
    const elapsedS = this.lastNow === undefined || !Number.isFinite(now) ? 0 : Math.min(Math.max((now - this.lastNow) / 1000, 0), MAX_STEP_S);
    if (Number.isFinite(now)) this.lastNow = now;
    const { answered, abandoned } = snapshot.measured;
    if (!(answered >= MIN_ANSWERED_TO_ADAPT) || !(abandoned >= 0) || elapsedS === 0) return;
    // The error is read over the last few minutes when the dialler gives them: over the whole
    // window a burst of abandonment would keep pulling the gain down for the window's length,
    // long after the gain had fallen enough (it would sit at its floor for a quarter of an hour).
    const recentAnswered = snapshot.measured.recentAnswered;
    const recentAbandoned = snapshot.measured.recentAbandoned;
    const recent = recentAnswered !== undefined && recentAbandoned !== undefined && recentAnswered >= 0 && recentAbandoned >= 0;
    const people = recent ? recentAnswered : answered;
    if (people === 0) return;
    const rate = Math.min((recent ? recentAbandoned : abandoned) / people, 1);
    const windowRate = Math.min(abandoned / answered, 1);
    const setpoint = this.cap * SETPOINT_SHARE_OF_CAP;
    // +1 with no abandonment at all, 0 at the setpoint, below 0 past it; weighed down while few
    // calls are in the window because their rate says little.
    let error = (setpoint - rate) / setpoint;
    if (rate >= this.cap) error *= OVER_CAP_URGENCY;
    // Past the cap over the whole window but calm lately: the abandonment is old, and pulling
    // the gain down for it would not undo it. Hold the gain until the window is under the cap.
    else if (windowRate >= this.cap) error = Math.min(error, 0);
    error = Math.max(error, -MAX_FALL_ERROR);
    const confidence = people / (people + CONFIDENCE_HALF_AT);
    this.gain *= Math.exp(RATE_PER_S * error * confidence * elapsedS);
    this.gain = Math.min(Math.max(this.gain, MIN_GAIN), MAX_GAIN);
  }
}

/** Aim at this share of the cap, not at the cap itself. */
const SETPOINT_SHARE_OF_CAP = 0.5;
/** Past the cap the gain falls several times faster than it rises below it. */
const OVER_CAP_URGENCY = 4;
/** At full error the gain doubles (or halves) in about two and a half minutes. */
const RATE_PER_S = Math.LN2 / 150;
const CONFIDENCE_HALF_AT = 50;
const MIN_ANSWERED_TO_ADAPT = 10;
/** A pause in snapshots (a paused campaign) must not count as a long stretch of evidence. */
const MAX_STEP_S = 10;
/** The fastest fall, in units of the full error: the gain halves in about half a minute. */
const MAX_FALL_ERROR = 5;
const MIN_GAIN = 0.1;
const MAX_GAIN = 4;
