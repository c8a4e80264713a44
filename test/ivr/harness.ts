/**
 * End-to-end IVR tests: the whole server (gateway, telephony, IVR) on a free-running virtual
 * card, the core-banking simulator in-process, and simulated callers dialling through the
 * simulated network and keying DTMF as audio.
 *
 * A Caller reacts to what the bank says: `await caller.prompt('menu.main')` waits for the
 * next prompt event (from the bank's session events) that plays that prompt, remembering how
 * far it has read, so no event is missed however fast the card runs; then `caller.press('1')`.
 * Awaits on anything outside the card (HTTP, the database) go in `world.held(...)`, which holds
 * the engine clock so the caller does not time out meanwhile. Between calls (no caller on the
 * line, no IVR handler running) the clock is held too, so the card's date and time stay put.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filter, firstValueFrom, Subscription } from 'rxjs';
import type { ConfigInput } from '../../src/config/schema.js';
import { deepMerge } from '../../src/config/load.js';
import { startCoreSim, type CoreSimHandle, type CoreSimOptions } from '../../src/coresim/core-sim.js';
import { gatewayModule } from '../../src/gateway/module.js';
import { ivrModule, type IvrModuleOptions } from '../../src/ivr/module.js';
import { ivrCallHandler } from '../../src/ivr/engine/call-handler.js';
import type { AppServices } from '../../src/services.js';
import { createServer, type TellerlineServer } from '../../src/server.js';
import type { ServerModule } from '../../src/modules.js';
import type { TimedSessionEvent } from '../../src/telephony/call-session.js';
import { telephonyModule } from '../../src/telephony/module.js';
import type { SimCall } from '../../src/telephony/simnet/sim-call.js';
import type { ActiveCall } from '../../src/telephony/telephony-service.js';
import { capturingLogger } from '../helpers/server.js';

export const PROMPTS_DIR = fileURLToPath(new URL('../../var/prompts', import.meta.url));

export type PromptEvent = Extract<TimedSessionEvent, { type: 'prompt' }>;

export interface WorldOptions {
  /** Business date of the core and the card's calendar date. Default 2026-03-02 (a Monday). */
  today?: string;
  /** Local time (UTC+8) at engine time 0. Default 01:00: the card may run hours ahead while idle. */
  time?: string;
  core?: CoreSimOptions;
  /** Reuse a running simulator (restart tests). */
  coreSim?: CoreSimHandle;
  /** Overrides deep-merged into the test configuration (e.g. { gateway: { defaultTimeoutMs: 800 } }). */
  config?: Record<string, unknown>;
  dir?: string;
  ivr?: IvrModuleOptions;
  /** Extra modules after the IVR (fake queues, faxes...). */
  modules?: ServerModule[];
}

export class IvrWorld {
  readonly logLines: string[] = [];
  server!: TellerlineServer;
  private subs = new Subscription();
  private readonly calls: ActiveCall[] = [];
  private readonly events = new Map<string, TimedSessionEvent[]>();
  private readonly waiters = new Set<() => void>();
  /** The engine clock is held while no test call is up, so the card's date and time stay put. */
  private idleHold: (() => void) | undefined;
  private liveCalls = 0;
  /** IVR handlers still running (a voice message is stored after the caller hangs up). */
  private runningHandlers = 0;

  private constructor(
    readonly dir: string,
    readonly core: CoreSimHandle,
    private readonly ownsCore: boolean,
    private readonly ownsDir: boolean,
    private readonly options: WorldOptions,
  ) {}

  static async start(options: WorldOptions = {}): Promise<IvrWorld> {
    if (!existsSync(join(PROMPTS_DIR, 'zh', 'welcome.wav'))) {
      throw new Error(`no prompt set in ${PROMPTS_DIR}: run node --import=tsx scripts/generate-prompts.ts`);
    }
    const today = options.today ?? '2026-03-02';
    const core = options.coreSim ?? (await startCoreSim({ today, ...options.core }));
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tellerline-ivr-'));
    const world = new IvrWorld(dir, core, !options.coreSim, !options.dir, options);
    await world.boot();
    return world;
  }

  get services() {
    return this.server.services;
  }

  get telephony() {
    return this.server.services.telephony!;
  }

  get knex() {
    return this.server.services.store.knex;
  }

  private config(): ConfigInput {
    const base: ConfigInput = {
      server: { host: '127.0.0.1', port: 0, nodeId: 'ivr-test' },
      database: { client: 'sqlite', sqlite: { filename: join(this.dir, 'tellerline.sqlite') } },
      data: { dir: join(this.dir, 'data') },
      log: { level: 'debug' },
      security: { scryptLog2N: 10 },
      card: { clock: 'freerun', trunks: 1, stations: 0 },
      sim: { enabled: false },
      coreSim: { enabled: false },
      gateway: { adapter: 'tcp', host: this.core.host, port: this.core.tcpPort, defaultTimeoutMs: 1500, backoff: { initialMs: 50, maxMs: 200 } },
      telephony: { promptsDir: PROMPTS_DIR },
    };
    return deepMerge(base as Record<string, unknown>, this.options.config ?? {}) as ConfigInput;
  }

  private async boot(): Promise<void> {
    const today = this.options.today ?? '2026-03-02';
    const epochMs = Date.parse(`${today}T${this.options.time ?? '01:00'}:00+08:00`);
    this.server = await createServer({
      config: this.config(),
      logger: capturingLogger(this.logLines),
      modules: [gatewayModule(), telephonyModule({ epochMs }), ivrModule(this.options.ivr), (services) => this.trackHandlers(services), ...(this.options.modules ?? [])],
    });
    await this.server.services.lifecycle.start();
    const telephony = this.telephony;
    await Promise.all(telephony.trunks.map((s) => (s.dchannelUp ? undefined : firstValueFrom(s.dchannel$.pipe(filter(Boolean))))));
    this.subs.add(
      telephony.sessions$.subscribe((active) => {
        this.calls.push(active);
        const list: TimedSessionEvent[] = [];
        this.events.set(active.session.id, list);
        this.subs.add(
          active.session.events$.subscribe((e) => {
            list.push(e);
            this.wake();
          }),
        );
        this.wake();
      }),
    );
    this.maybeIdle();
  }

  /** Wraps the IVR's call handler to know when it is done with a call. */
  private trackHandlers(services: AppServices): void {
    const ivr = services.ivr!;
    const inner = ivrCallHandler({ services, flows: ivr.flows, settings: ivr.settings, pinLocks: ivr.pinLocks, ...(this.options.ivr?.calendarFor ? { calendarFor: this.options.ivr.calendarFor } : {}) });
    services.telephony!.registerHandler('ivr', async (ctx) => {
      this.runningHandlers++;
      try {
        await inner(ctx);
      } finally {
        this.runningHandlers--;
        this.maybeIdle();
      }
    });
  }

  private maybeIdle(): void {
    if (this.liveCalls === 0 && this.runningHandlers === 0 && !this.idleHold && this.telephony.card.isOpen) this.idleHold = this.telephony.card.hold();
  }

  /** Stops the server and starts it again on the same database and data directory. */
  async restart(): Promise<void> {
    this.idleHold?.();
    this.idleHold = undefined;
    this.liveCalls = 0;
    this.runningHandlers = 0;
    this.subs.unsubscribe();
    await this.server.stop(2000);
    this.subs = new Subscription();
    await this.boot();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves when `ready()` returns something; re-checked on every bank event. */
  waitFor<T>(ready: () => T | undefined, what: string, limitMs = 20_000): Promise<T> {
    const now = ready();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined;
        try {
          value = ready();
        } catch (err) {
          done();
          reject(err);
          return;
        }
        if (value !== undefined) {
          done();
          resolve(value);
        }
      };
      // A safety net against a test hanging for minutes; not a measure of anything.
      const timer = setTimeout(() => {
        done();
        reject(new Error(`gave up waiting for ${what}`));
      }, limitMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  sessionEvents(sessionId: string): TimedSessionEvent[] {
    return this.events.get(sessionId) ?? [];
  }

  /** Every session event of every call so far. */
  allSessionEvents(): TimedSessionEvent[] {
    return [...this.events.values()].flat();
  }

  /** A simulated caller dials the bank. */
  /** Runs `fn` with the engine clock running, for calls that do not go through dial(). */
  async busy<T>(fn: () => Promise<T>): Promise<T> {
    this.liveCalls++;
    this.idleHold?.();
    this.idleHold = undefined;
    try {
      return await fn();
    } finally {
      this.liveCalls--;
      this.maybeIdle();
    }
  }

  async dial(options: { to?: string; from?: string } = {}): Promise<Caller> {
    this.liveCalls++;
    this.idleHold?.();
    this.idleHold = undefined;
    const sim = await this.services.sim!.network.placeCall({ to: options.to ?? '95588', from: options.from ?? '13800138000' });
    if (!sim.call) throw new Error('the call could not be placed');
    const trunk = this.services.sim!.trunkFacing(sim.call.span);
    const key = `${trunk}/${sim.call.channel}`;
    const active = await this.waitFor(
      () => this.calls.find((c) => `${c.session.call.span}/${c.session.call.channel}` === key && !c.session.ended),
      `the bank to take the call on ${key}`,
    );
    // Both ends must be released before the clock stops (the release needs engine time).
    void Promise.all([sim.ended, active.session.released]).then(() => {
      this.liveCalls--;
      this.maybeIdle();
    });
    return new Caller(this, sim, active);
  }

  /** Runs `work` with the engine clock held (a no-op on a real-time card). */
  async held<T>(work: () => Promise<T>): Promise<T> {
    const release = this.telephony.card.hold();
    try {
      return await work();
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    this.idleHold?.();
    this.subs.unsubscribe();
    await this.server.stop(2000).catch(() => undefined);
    if (this.ownsCore) await this.core.close();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export class Caller {
  /** Index of the next bank event to look at. */
  private cursor = 0;

  constructor(
    readonly world: IvrWorld,
    readonly sim: SimCall,
    readonly active: ActiveCall,
  ) {}

  get session() {
    return this.active.session;
  }

  get events(): TimedSessionEvent[] {
    return this.world.sessionEvents(this.session.id);
  }

  /**
   * The next prompt event (after what was already read) that plays `id`; with `only`, fails
   * if a prompt event in between does not match (a wrong turn in the flow).
   */
  async prompt(id: string, options: { only?: boolean } = {}): Promise<PromptEvent> {
    return this.world.waitFor(() => {
      const list = this.events;
      for (let i = this.cursor; i < list.length; i++) {
        const e = list[i]!;
        if (e.type === 'hangup') throw new Error(`the call ended while waiting for ${id}; heard: ${this.heardIds().join(' | ')}`);
        if (e.type !== 'prompt') continue;
        if (e.prompts.some((p) => p.id === id)) {
          this.cursor = i + 1;
          return e;
        }
        if (options.only) throw new Error(`expected ${id} next but heard ${e.prompts.map((p) => p.id).join(',')}`);
      }
      return undefined;
    }, `prompt ${id} (heard so far: ${this.heardIds().slice(-6).join(' | ')})`);
  }

  /** The next bank event (after what was already read) that satisfies `match`. */
  async event(match: (e: TimedSessionEvent) => boolean, what: string): Promise<TimedSessionEvent> {
    return this.world.waitFor(() => {
      const list = this.events;
      for (let i = this.cursor; i < list.length; i++) {
        if (match(list[i]!)) {
          this.cursor = i + 1;
          return list[i]!;
        }
      }
      return undefined;
    }, what);
  }

  /** Keys the digits as DTMF audio. */
  async press(keys: string): Promise<void> {
    await this.sim.sendDtmf(keys);
  }

  /** Waits for `id`, then keys `keys`. */
  async answer(id: string, keys: string): Promise<PromptEvent> {
    const e = await this.prompt(id);
    await this.press(keys);
    return e;
  }

  /** The first prompt id of every prompt event so far. */
  heardIds(): string[] {
    return this.events.flatMap((e) => (e.type === 'prompt' ? [e.prompts.map((p) => p.id).slice(0, 2).join('+')] : []));
  }

  /** Everything said in one prompt event, as text. */
  static text(e: PromptEvent): string {
    return e.prompts.map((p) => p.text ?? '').join('');
  }

  async hangUp(): Promise<void> {
    await this.sim.hangUp();
    await this.session.released;
  }

  /** Waits until the bank hangs up (or the caller did). */
  async ended(): Promise<void> {
    await this.session.released;
  }
}
