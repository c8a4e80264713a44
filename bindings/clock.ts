/**
 * One clock for everything above the engine.
 *
 * EngineClock is an RxJS scheduler whose time is the engine's time: it
 * advances only when the engine reports ticks. Timeouts, cadences and waits
 * written against it (`timer(5000, card.clock)`, `clock.sleep(30_000)`) take
 * 5 s or 30 s of *engine* time -- real seconds on a real card, a fraction of
 * that when the virtual card runs faster than real time.
 *
 * Ordering rule (identical in every clock mode): the events of tick T are
 * delivered, then every timer due at or before the end of tick T runs, then
 * the events of tick T+1. A command issued from a timer takes effect on the
 * first tick that starts at or after the timer's due time. When the card
 * free-runs, the engine waits at each tick where a timer is due until the
 * timer has run (see Card.acknowledge), so the sequence is the same as in real
 * time.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { TellerlineError } from './errors.js';

interface Timer {
  due: number;
  seq: number;
  action: EngineAction<unknown>;
  cancelled: boolean;
}

class EngineAction<T> extends Subscription implements SchedulerAction<T> {
  timer: Timer | undefined;

  constructor(
    private readonly clock: EngineClock,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
  }

  state: T | undefined;

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = this.clock.enqueue(this as EngineAction<unknown>, Math.max(0, delay));
    return this;
  }

  execute(): void {
    this.timer = undefined;
    if (this.closed) return;
    this.work.call(this, this.state);
  }

  override unsubscribe(): void {
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = undefined;
    super.unsubscribe();
  }
}

export class EngineClock implements SchedulerLike {
  private current = 0;
  private seq = 0;
  private heap: Timer[] = [];
  private live = 0;
  private stopped = false;
  private readonly sleepers = new Set<{ reject: (err: Error) => void }>();
  private readonly epoch: number;

  /**
   * @param tickMs the engine's tick period
   * @param epochMs wall-clock time (ms since 1970) at engine time 0; used by
   *   wallTime(). Tests may pass a fixed date.
   */
  constructor(readonly tickMs: number, epochMs: number = Date.now()) {
    this.epoch = epochMs;
  }

  /** Engine time in milliseconds since the card opened. */
  now(): number {
    return this.current;
  }

  /** Wall-clock date corresponding to the current engine time. */
  wallTime(): Date {
    return new Date(this.epoch + this.current);
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new EngineAction<T>(this, work);
    action.schedule(state, delay);
    return action;
  }

  /**
   * Resolves after `ms` of engine time; rejects with ERR_CARD_CLOSED if the
   * card closes first (its clock stops for good).
   */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(new TellerlineError('ERR_CARD_CLOSED', 'the card is closed'));
    return new Promise((resolve, reject) => {
      const entry = { reject };
      this.sleepers.add(entry);
      this.schedule(() => {
        this.sleepers.delete(entry);
        resolve();
      }, ms);
    });
  }

  /** @internal The card closed: no timer runs again; pending sleeps reject. */
  stop(): void {
    this.stopped = true;
    this.heap = [];
    this.live = 0;
    for (const s of this.sleepers) s.reject(new TellerlineError('ERR_CARD_CLOSED', 'the card was closed'));
    this.sleepers.clear();
  }

  /** Calls fn after `ms` of engine time; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): () => void {
    const sub = this.schedule(fn, ms);
    return () => sub.unsubscribe();
  }

  /** Due time of the earliest pending timer, or undefined. */
  nextDue(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.due;
  }

  /** Number of timers waiting. */
  pending(): number {
    return this.live;
  }

  /** Sets the time (events of a tick are delivered at its start time). */
  setTime(ms: number): void {
    if (ms > this.current) this.current = ms;
  }

  /** Runs every timer due at or before `ms`, in due order; time follows them. */
  runUntil(ms: number): void {
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.due > ms) break;
      this.pop();
      this.live--;
      if (top.due > this.current) this.current = top.due;
      top.action.execute();
    }
    this.setTime(ms);
  }

  /** @internal */
  enqueue(action: EngineAction<unknown>, delay: number): Timer {
    const timer: Timer = { due: this.current + delay, seq: this.seq++, action, cancelled: this.stopped };
    if (this.stopped) return timer;
    this.live++;
    this.heap.push(timer);
    this.up(this.heap.length - 1);
    return timer;
  }

  /** @internal */
  cancel(timer: Timer): void {
    // Lazy deletion: the heap drops cancelled timers when they reach the top.
    if (timer.cancelled) return;
    timer.cancelled = true;
    this.live--;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.pop();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private pop(): Timer | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (this.heap.length && last) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
