/**
 * Lockout for user names that do not exist, kept in memory: after `threshold` failures an
 * unknown name is "locked" (423, Retry-After) exactly like a real account, so the lockout
 * answer does not tell an outsider which names exist.
 */
const MAX_NAMES = 50_000;

export class UnknownNameLockout {
  private readonly names = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(
    private readonly threshold: () => number,
    private readonly lockoutMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the name stays locked, or 0. */
  lockedFor(name: string): number {
    const entry = this.names.get(keyOf(name));
    return entry && entry.lockedUntil > this.now() ? (entry.lockedUntil - this.now()) / 1000 : 0;
  }

  /** Counts a failure; true when it locked the name. */
  failed(name: string): boolean {
    const key = keyOf(name);
    const entry = this.names.get(key) ?? { failures: 0, lockedUntil: 0 };
    this.names.delete(key);
    entry.failures++;
    const lockedNow = entry.failures >= this.threshold();
    if (lockedNow) Object.assign(entry, { failures: 0, lockedUntil: this.now() + this.lockoutMs() });
    this.names.set(key, entry);
    if (this.names.size > MAX_NAMES) this.names.delete(this.names.keys().next().value!);
    return lockedNow;
  }
}

function keyOf(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
