/**
 * A virtual clock for tests: an RxJS SchedulerLike whose time only moves when the test says so.
 * `advanceBy(ms)` runs every action due up to the new time, in time order (ties in scheduling
 * order), setting `now()` to each action's due time as it runs.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

class ManualAction<T> extends Subscription implements SchedulerAction<T> {
  due = 0;
  token = 0;

  constructor(
    private readonly scheduler: ManualScheduler,
    readonly work: (this: SchedulerAction<T>, state?: T) => void,
    public state: T | undefined,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.scheduler.enqueue(this as ManualAction<unknown>, delay);
    return this;
  }
}

export class ManualScheduler implements SchedulerLike {
  private time: number;
  private seq = 0;
  private pending: Array<{ due: number; seq: number; token: number; action: ManualAction<unknown> }> = [];

  constructor(startAt = Date.UTC(2024, 4, 6, 1, 0, 0)) {
    this.time = startAt;
  }

  now(): number {
    return this.time;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new ManualAction<T>(this, work, state);
    return action.schedule(state, delay);
  }

  /** @internal */
  enqueue(action: ManualAction<unknown>, delay: number): void {
    action.token += 1;
    action.due = this.time + Math.max(0, delay);
    this.pending.push({ due: action.due, seq: this.seq++, token: action.token, action });
  }

  /** Number of live scheduled actions. */
  get size(): number {
    return this.pending.filter((p) => !p.action.closed && p.token === p.action.token).length;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  advanceTo(target: number): void {
    for (;;) {
      this.pending = this.pending.filter((p) => !p.action.closed && p.token === p.action.token);
      let next: (typeof this.pending)[number] | undefined;
      for (const p of this.pending) if (p.due <= target && (!next || p.due < next.due || (p.due === next.due && p.seq < next.seq))) next = p;
      if (!next) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.time = Math.max(this.time, next.due);
      const action = next.action;
      const tokenBefore = action.token;
      action.work.call(action, action.state);
      // A one-shot action that did not reschedule itself is finished.
      if (action.token === tokenBefore) action.unsubscribe();
    }
    this.time = Math.max(this.time, target);
  }
}
