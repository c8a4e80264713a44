/**
 * At most one pending timer per key (an agent's ring timeout or wrap-up end; an agent's
 * not-hung-up watch): setting one replaces the previous.
 */
import type { Subscription } from 'rxjs';
import type { InputRunner } from './input-runner.js';

export class KeyedTimers {
  private readonly timers = new Map<string, Subscription>();

  constructor(private readonly runner: InputRunner) {}

  set(key: string, delayMs: number, fire: () => void): void {
    this.cancel(key);
    const timer = this.runner.later(delayMs, () => {
      this.timers.delete(key);
      fire();
    });
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (!timer) return;
    this.timers.delete(key);
    this.runner.cancel(timer);
  }
}
