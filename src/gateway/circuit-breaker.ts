/**
 * Circuit breaker for one core endpoint.
 *
 * closed ──(N consecutive failures, or failure rate ≥ threshold over the last W calls)──▶ open
 * open ──(cool-down elapsed)──▶ half_open: up to `halfOpenProbes` requests go through
 * half_open ──probe succeeds──▶ closed;  ──probe fails──▶ open (cool-down starts again)
 *
 * Only transport failures count. A business "no" is a healthy core. Every request takes a
 * permit; outcomes reported on a permit from an older state (a slow request that started
 * before the circuit opened) are ignored, so they cannot close or reopen it by accident.
 */
import type { Clock, TimerHandle } from './clock.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Open after this many failures in a row. Default 5. */
  consecutiveFailures?: number;
  /** Open when, over the last `window` calls (at least `minimumCalls`), failures ≥ `threshold`. */
  failureRate?: { threshold: number; window: number; minimumCalls: number } | undefined;
  /** How long the circuit stays open before probing. Default 5000 ms. */
  coolDownMs?: number;
  /** Concurrent probes allowed while half-open. Default 1. */
  halfOpenProbes?: number;
}

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** Failures / calls over the rate window (0 when the window is empty). */
  recentFailureRate: number;
  /** When the circuit last opened (epoch ms), if it is open or half-open. */
  openedAt: number | undefined;
}

export interface BreakerPermit {
  success(): void;
  failure(): void;
}

export class CircuitBreaker {
  readonly #clock: Clock;
  readonly #maxConsecutive: number;
  readonly #rate: CircuitBreakerOptions['failureRate'];
  readonly #coolDownMs: number;
  readonly #halfOpenProbes: number;

  #state: CircuitState = 'closed';
  #generation = 0;
  #consecutive = 0;
  #window: boolean[] = [];
  #openedAt: number | undefined;
  #probesInFlight = 0;
  #coolDownTimer: TimerHandle | undefined;
  readonly #listeners = new Set<(state: CircuitState, previous: CircuitState) => void>();
  readonly #report = (generation: number, probe: boolean, failed: boolean) => this.#settle(generation, probe, failed);

  constructor(clock: Clock, options: CircuitBreakerOptions = {}) {
    this.#clock = clock;
    this.#maxConsecutive = options.consecutiveFailures ?? 5;
    this.#rate = options.failureRate;
    this.#coolDownMs = options.coolDownMs ?? 5000;
    this.#halfOpenProbes = options.halfOpenProbes ?? 1;
  }

  get state(): CircuitState {
    this.#checkCoolDown();
    return this.#state;
  }

  snapshot(): CircuitSnapshot {
    const failures = this.#window.filter((failed) => failed).length;
    return {
      state: this.state,
      consecutiveFailures: this.#consecutive,
      recentFailureRate: this.#window.length === 0 ? 0 : failures / this.#window.length,
      openedAt: this.#state === 'closed' ? undefined : this.#openedAt,
    };
  }

  onStateChange(listener: (state: CircuitState, previous: CircuitState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A permit to send one request, or undefined when the circuit refuses. */
  tryAcquire(): BreakerPermit | undefined {
    this.#checkCoolDown();
    if (this.#state === 'open') return undefined;
    if (this.#state === 'half_open') {
      if (this.#probesInFlight >= this.#halfOpenProbes) return undefined;
      this.#probesInFlight++;
      return this.#permit(true);
    }
    return this.#permit(false);
  }

  /** Stops the cool-down timer (the gateway is closing). */
  dispose(): void {
    this.#coolDownTimer?.cancel();
    this.#coolDownTimer = undefined;
  }

  #permit(probe: boolean): BreakerPermit {
    return new Permit(this.#generation, probe, this.#report);
  }

  #settle(generation: number, probe: boolean, failed: boolean): void {
    if (generation !== this.#generation) return;
    if (probe) this.#probesInFlight--;
    if (failed) this.#recordFailure();
    else this.#recordSuccess();
  }

  #recordSuccess(): void {
    if (this.#state === 'half_open') {
      this.#transition('closed');
      return;
    }
    this.#consecutive = 0;
    this.#pushOutcome(false);
  }

  #recordFailure(): void {
    if (this.#state === 'half_open') {
      this.#transition('open');
      return;
    }
    this.#consecutive++;
    this.#pushOutcome(true);
    if (this.#consecutive >= this.#maxConsecutive || this.#rateExceeded()) this.#transition('open');
  }

  #pushOutcome(failed: boolean): void {
    if (!this.#rate) return;
    this.#window.push(failed);
    if (this.#window.length > this.#rate.window) this.#window.shift();
  }

  #rateExceeded(): boolean {
    const rate = this.#rate;
    if (!rate || this.#window.length < rate.minimumCalls) return false;
    const failures = this.#window.filter((failed) => failed).length;
    return failures / this.#window.length >= rate.threshold;
  }

  #checkCoolDown(): void {
    if (this.#state === 'open' && this.#openedAt !== undefined && this.#clock.now() - this.#openedAt >= this.#coolDownMs) {
      this.#transition('half_open');
    }
  }

  #scheduleCoolDownCheck(ms: number): void {
    this.#coolDownTimer = this.#clock.setTimer(ms, () => {
      this.#coolDownTimer = undefined;
      this.#checkCoolDown();
      // Timers may fire a hair early; look again when the cool-down is really over.
      if (this.#state === 'open' && this.#openedAt !== undefined) {
        this.#scheduleCoolDownCheck(Math.max(1, this.#openedAt + this.#coolDownMs - this.#clock.now()));
      }
    });
  }

  #transition(next: CircuitState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    this.#generation++;
    this.#probesInFlight = 0;
    this.#coolDownTimer?.cancel();
    this.#coolDownTimer = undefined;
    if (next === 'open') {
      this.#openedAt = this.#clock.now();
      // The timer only makes the half-open state visible to metrics without traffic;
      // tryAcquire() checks the cool-down itself.
      this.#scheduleCoolDownCheck(this.#coolDownMs);
    }
    if (next === 'closed') {
      this.#consecutive = 0;
      this.#window = [];
      this.#openedAt = undefined;
    }
    for (const listener of this.#listeners) listener(next, previous);
  }
}

/** One request's permission; settles once. (A class, not closures: one is made per request.) */
class Permit implements BreakerPermit {
  #settled = false;
  constructor(
    private readonly generation: number,
    private readonly probe: boolean,
    private readonly report: (generation: number, probe: boolean, failed: boolean) => void,
  ) {}

  success(): void {
    this.#settle(false);
  }

  failure(): void {
    this.#settle(true);
  }

  #settle(failed: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    this.report(this.generation, this.probe, failed);
  }
}
