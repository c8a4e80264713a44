/**
 * Runs each input of the ACD to completion before the port hears of it: port commands queued
 * while an input (or a timer) is handled are sent when the outermost input is done, so a port
 * that reacts synchronously sees a settled state. Owns scheduler time and every timer, so that
 * disposing of it cancels them all.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

export class InputRunner {
  private readonly timers = new Subscription();
  private readonly outbox: Array<() => void> = [];
  private depth = 0;

  constructor(
    private readonly scheduler: SchedulerLike,
    /** A port command threw: the state is already settled and stays so. */
    private readonly onPortError: (error: unknown) => void,
  ) {}

  now(): number {
    return this.scheduler.now();
  }

  /** Runs one input; port commands queued meanwhile are sent when the outermost input is done. */
  run<T>(fn: () => T): T {
    this.depth += 1;
    try {
      return fn();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) this.flush();
    }
  }

  /** Queues a port command for the end of the current input. */
  send(command: () => void): void {
    this.outbox.push(command);
  }

  /** Runs `fire` after `delayMs` of scheduler time, as one input. */
  later(delayMs: number, fire: () => void): Subscription {
    const timer = this.scheduler.schedule(() => {
      this.timers.remove(timer);
      this.run(fire);
    }, Math.max(0, delayMs));
    this.timers.add(timer);
    return timer;
  }

  /** Runs `fire` every `periodMs`, each time as one input, until the subscription ends. */
  every(periodMs: number, fire: () => void): Subscription {
    const runner = this;
    const timer = this.scheduler.schedule(function (this: SchedulerAction<unknown>) {
      runner.run(fire);
      this.schedule(undefined, periodMs);
    }, periodMs);
    return timer;
  }

  /** Keeps a group of timers cancellable by dispose(). */
  track(timers: Subscription): void {
    this.timers.add(timers);
  }

  /** Stops a timer (or a group of them) before it fires. */
  cancel(timers: Subscription): void {
    this.timers.remove(timers);
    timers.unsubscribe();
  }

  /** Cancels every timer; nothing runs afterwards. */
  dispose(): void {
    this.timers.unsubscribe();
  }

  private flush(): void {
    while (this.outbox.length > 0) {
      const command = this.outbox.shift() as () => void;
      try {
        command();
      } catch (error) {
        // A failing port must not leave the ACD half-updated: the state is already settled.
        this.onPortError(error);
      }
    }
  }
}
