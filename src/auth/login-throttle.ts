/**
 * Limits on log-in attempts, in front of the password check (scrypt costs 32 MiB and a slot
 * of the libuv pool, which file and DNS work share):
 * - failures per client address in a sliding window: past the limit the address is answered
 *   429 without any password work, until its oldest failure leaves the window;
 * - one attempt per user name at a time: the next one waits its turn (a few at most), so
 *   parallel guesses are counted one after the other;
 * - a bound on password checks running at once, with a short queue; past it, 429.
 * The failures per address are kept in the store when one is given (every server process on the
 * database shares them; a window starts at the first failure and lasts the configured time);
 * the one-at-a-time and concurrency bounds are per process (they bound this process's work).
 */
import type { Knex } from 'knex';
import { AuthError } from './auth-errors.js';
import { loginThrottleRepo } from './store/login-throttle-repo.js';

export interface LoginThrottleConfig {
  /** Failed log-ins from one address within `loginFailureWindowSeconds` before it must wait. */
  loginFailuresPerAddress: number;
  loginFailureWindowSeconds: number;
  /** Password checks (scrypt) running at once for log-ins. */
  loginConcurrency: number;
}

function tooManyAttempts(retryAfterSeconds: number): AuthError {
  return new AuthError('too_many_attempts', 'too many log-in attempts; try again later', { retryAfterSeconds });
}

/** Attempts that may wait behind the one running for the same user name. */
const WAITING_PER_NAME = 4;
/** Password checks that may wait for a free slot, per slot. */
const QUEUE_PER_SLOT = 8;
/** Addresses remembered at most (oldest forgotten first): a flood of addresses cannot grow memory without bound. */
const MAX_ADDRESSES = 50_000;
/** Shared counts: expired rows are swept after this many failures counted by this process. */
const PRUNE_EVERY = 256;
/** Shared rows are kept at least this long (unknown-name lockouts share the table). */
const KEEP_ROWS_MS = 3600_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly perName = new Map<string, { tail: Promise<void>; waiting: number }>();
  private running = 0;
  private readonly queue: Array<() => void> = [];

  private counted = 0;

  constructor(
    private readonly config: LoginThrottleConfig,
    private readonly now: () => number = Date.now,
    /** The store that holds failures for every process; without it, this process's memory. */
    private readonly shared?: Knex,
  ) {}

  /** Throws 429 when the address has used up its failures. */
  async checkAddress(address: string): Promise<void> {
    if (this.shared) {
      const row = await loginThrottleRepo.get(this.shared, `address:${address}`);
      const endsAt = row ? row.windowStartedAt + this.windowMs() : 0;
      if (row && row.failures >= this.config.loginFailuresPerAddress && endsAt > this.now()) throw tooManyAttempts((endsAt - this.now()) / 1000);
      return;
    }
    const recent = this.recentFailures(address);
    if (recent.length >= this.config.loginFailuresPerAddress) {
      throw tooManyAttempts((recent[0]! + this.windowMs() - this.now()) / 1000);
    }
  }

  async failed(address: string): Promise<void> {
    if (this.shared) {
      const now = this.now();
      await loginThrottleRepo.countFailure(this.shared, `address:${address}`, now, this.windowMs());
      if (++this.counted % PRUNE_EVERY === 0) await loginThrottleRepo.prune(this.shared, now - Math.max(this.windowMs(), KEEP_ROWS_MS));
      return;
    }
    const recent = this.recentFailures(address);
    recent.push(this.now());
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
  }

  /** Runs `attempt` after the previous attempt for the same name has finished. */
  async oneAtATime<T>(name: string, attempt: () => Promise<T>): Promise<T> {
    const key = name.normalize('NFKC').toLowerCase();
    const entry = this.perName.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (entry.waiting > WAITING_PER_NAME) throw tooManyAttempts(1);
    entry.waiting++;
    this.perName.set(key, entry);
    const previous = entry.tail;
    let done!: () => void;
    entry.tail = new Promise<void>((r) => (done = r));
    try {
      await previous;
      return await attempt();
    } finally {
      entry.waiting--;
      done();
      if (entry.waiting === 0) this.perName.delete(key);
    }
  }

  /** Runs a password check when a slot is free; 429 when too many are already waiting. */
  async passwordCheck<T>(check: () => Promise<T>): Promise<T> {
    if (this.running >= this.config.loginConcurrency) {
      if (this.queue.length >= this.config.loginConcurrency * QUEUE_PER_SLOT) throw tooManyAttempts(1);
      await new Promise<void>((r) => this.queue.push(r));
    } else this.running++;
    try {
      return await check();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }

  private windowMs(): number {
    return this.config.loginFailureWindowSeconds * 1000;
  }

  private recentFailures(address: string): number[] {
    const since = this.now() - this.windowMs();
    return (this.failures.get(address) ?? []).filter((at) => at > since);
  }
}
