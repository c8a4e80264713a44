/**
 * The timers of a caller's current queue visit: overflow, max wait, local preference and
 * periodic announcements (a callback keeps only local preference and the end of its retry
 * delay). A timer that fires checks the caller is still in that visit before acting.
 */
import { Subscription } from 'rxjs';
import type { QueueConfig } from '../model.js';
import type { CallerRuntime } from '../runtime.js';
import type { InputRunner } from './input-runner.js';

/** What a visit's timers do when they fall due. */
export interface VisitTimerActions {
  overflow(caller: CallerRuntime): boolean;
  maxWaitReached(caller: CallerRuntime): void;
  tryOffer(caller: CallerRuntime): boolean;
  announce(caller: CallerRuntime): void;
}

export class VisitTimers {
  private readonly bags = new Map<string, Subscription>();

  constructor(
    private readonly runner: InputRunner,
    private readonly callers: ReadonlyMap<string, CallerRuntime>,
    private readonly actions: VisitTimerActions,
  ) {}

  scheduleVisit(caller: CallerRuntime, config: QueueConfig): void {
    const bag = this.newBag(caller.callId);
    const callId = caller.callId;
    const current = (): CallerRuntime | undefined => {
      const c = this.callers.get(callId);
      return c && c.inVisit && c.queueId === config.id ? c : undefined;
    };
    if (config.overflow.afterS > 0 && config.overflow.targetQueueId !== undefined) {
      bag.add(
        this.runner.later(config.overflow.afterS * 1000, () => {
          const c = current();
          if (c?.status === 'waiting') this.actions.overflow(c);
          else if (c?.status === 'offered') c.deferred ??= 'overflow';
        }),
      );
    }
    if (config.maxWaitS > 0) {
      bag.add(
        this.runner.later(config.maxWaitS * 1000, () => {
          const c = current();
          if (c?.status === 'waiting') this.actions.maxWaitReached(c);
          else if (c?.status === 'offered') c.deferred = 'max_wait';
        }),
      );
    }
    this.addLocalPreference(bag, caller, config);
    const every = config.announce.everyS * 1000;
    if (every > 0 && (config.announce.position || config.announce.expectedWait)) {
      bag.add(
        this.runner.every(every, () => {
          const c = current();
          if (c) this.actions.announce(c);
        }),
      );
    }
  }

  /** A callback keeps only the local-preference timer of its visit, and the end of its retry delay. */
  scheduleCallback(caller: CallerRuntime, config: QueueConfig): void {
    const bag = this.newBag(caller.callId);
    this.addLocalPreference(bag, caller, config);
    const wait = caller.notBefore - this.runner.now();
    if (wait <= 0) return;
    const callId = caller.callId;
    bag.add(
      this.runner.later(wait, () => {
        const c = this.callers.get(callId);
        if (c?.status === 'callback') this.actions.tryOffer(c);
      }),
    );
  }

  cancel(callId: string): void {
    const bag = this.bags.get(callId);
    if (!bag) return;
    this.bags.delete(callId);
    this.runner.cancel(bag);
  }

  private newBag(callId: string): Subscription {
    this.cancel(callId);
    const bag = new Subscription();
    this.bags.set(callId, bag);
    this.runner.track(bag);
    return bag;
  }

  /** When the local-preference wait ends, anyone may answer: try the caller again. */
  private addLocalPreference(bag: Subscription, caller: CallerRuntime, config: QueueConfig): void {
    if (config.localPreferenceWaitS <= 0 || caller.city === '') return;
    const callId = caller.callId;
    bag.add(
      this.runner.later(caller.queuedAt + config.localPreferenceWaitS * 1000 - this.runner.now(), () => {
        const c = this.callers.get(callId);
        if (c && c.queueId === config.id && (c.status === 'waiting' || c.status === 'callback')) this.actions.tryOffer(c);
      }),
    );
  }
}
