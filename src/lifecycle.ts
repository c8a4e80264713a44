/**
 * Start-up and graceful shutdown. Services register hooks; `stop()` runs them phase by phase:
 *
 *   intake   – stop taking new calls (/readyz already answers 503)
 *   drain    – let calls in progress finish, until the deadline
 *   hardware – close the card (signalling down, channels idle)
 *   flush    – flush records (journal, database); HTTP listeners and SSE streams close
 *   close    – close the store and whatever is left
 *
 * Every hook gets the absolute deadline (epoch ms) and an AbortSignal that fires at it; a hook
 * still running at the deadline is logged and left behind so that shutdown goes on. Hooks of one
 * phase run together; phases run in order, each phase in reverse order of registration.
 */
import type { Logger } from 'pino';

export const STOP_PHASES = ['intake', 'drain', 'hardware', 'flush', 'close'] as const;
export type StopPhase = (typeof STOP_PHASES)[number];

export interface StopContext {
  /** Epoch ms by which everything should be stopped. */
  deadline: number;
  /** Aborts at the deadline. */
  signal: AbortSignal;
}

export interface LifecycleHook {
  name: string;
  /** Runs in registration order at start(). */
  start?: () => Promise<void> | void;
  stop?: (ctx: StopContext) => Promise<void> | void;
  phase?: StopPhase;
}

export class Lifecycle {
  private readonly hooks: Array<LifecycleHook & { phase: StopPhase }> = [];
  private stopping: Promise<void> | undefined;
  private state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(private readonly logger: Logger) {}

  get status(): 'new' | 'starting' | 'running' | 'stopping' | 'stopped' {
    return this.state;
  }

  /** True once shutdown has begun: readiness fails, new calls are refused. */
  get shuttingDown(): boolean {
    return this.state === 'stopping' || this.state === 'stopped';
  }

  register(hook: LifecycleHook): () => void {
    const entry = { ...hook, phase: hook.phase ?? 'close' };
    this.hooks.push(entry);
    return () => {
      const i = this.hooks.indexOf(entry);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  async start(): Promise<void> {
    this.state = 'starting';
    for (const hook of this.hooks) {
      if (hook.start) await hook.start();
    }
    this.state = 'running';
  }

  /** Idempotent: a second call returns the shutdown already under way. */
  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.runStop(graceMs);
    return this.stopping;
  }

  private async runStop(graceMs: number): Promise<void> {
    this.state = 'stopping';
    const deadline = Date.now() + graceMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('shutdown deadline reached')), graceMs);
    timer.unref();
    try {
      for (const phase of STOP_PHASES) {
        const hooks = this.hooks.filter((h) => h.phase === phase && h.stop).reverse();
        await Promise.all(hooks.map((h) => this.runHook(h, { deadline, signal: controller.signal })));
      }
    } finally {
      clearTimeout(timer);
      this.state = 'stopped';
    }
  }

  private async runHook(hook: LifecycleHook, ctx: StopContext): Promise<void> {
    // After the deadline, each remaining hook still gets a short moment to close files.
    const budget = Math.max(ctx.deadline - Date.now(), 1000);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolveLate) => {
      timer = setTimeout(() => resolveLate('late'), budget);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([Promise.resolve(hook.stop!(ctx)).then(() => 'done' as const), late]);
      if (outcome === 'late') this.logger.error({ hook: hook.name }, 'shutdown hook overran the deadline; going on without it');
    } catch (err) {
      this.logger.error({ err, hook: hook.name }, 'shutdown hook failed');
    } finally {
      clearTimeout(timer);
    }
  }
}
