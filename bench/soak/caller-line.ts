/**
 * One simulated caller's view of a call: what the bank plays (its session's prompt events, read
 * in order so none is missed however fast the card runs), keys pressed as DTMF audio, waits in
 * engine time.
 */
import type { Card } from '../../bindings/index.js';
import type { CallSession, TimedSessionEvent } from '../../src/telephony/call-session.js';
import type { SimCall } from '../../src/telephony/simnet/sim-call.js';

export class CallEnded extends Error {}

/**
 * The IVR put the call through to an agent (its fallback after "service unavailable")
 * while the caller waited for a menu: the script cannot go on, and a simulated caller who stays
 * would keep an agent, who never hangs up, until the call's time limit.
 */
export class HandedOver extends Error {}

/** What the IVR says when it puts a caller through to a queue (a transfer node's default). */
const TRANSFER_PROMPT = 'agent.transfer';

export class CallerLine {
  private readonly events: TimedSessionEvent[] = [];
  private cursor = 0;
  private wake: (() => void) | undefined;
  /** Prompt ids heard, in order (for the report of what callers heard). */
  readonly heard: string[] = [];

  constructor(
    readonly card: Card,
    readonly sim: SimCall,
    readonly session: CallSession,
  ) {
    const sub = session.events$.subscribe((e) => {
      this.events.push(e);
      if (e.type === 'prompt') this.heard.push(e.prompts[0]?.id ?? '?');
      this.wake?.();
    });
    void session.released.then(() => {
      sub.unsubscribe();
      this.wake?.();
    });
  }

  get ended(): boolean {
    return this.session.ended;
  }

  /**
   * The next event (after what was read) that matches; throws CallEnded if the call ends first,
   * HandedOver if the IVR puts the call through to an agent meanwhile.
   */
  async next(match: (e: TimedSessionEvent) => boolean, what: string): Promise<TimedSessionEvent> {
    for (;;) {
      while (this.cursor < this.events.length) {
        const e = this.events[this.cursor++]!;
        if (match(e)) return e;
        // The IVR's transfer to a queue keeps the leg: its announcement is the sign.
        if (e.type === 'prompt' && e.prompts.some((p) => p.id === TRANSFER_PROMPT)) {
          throw new HandedOver(`put through to an agent while waiting for ${what}; heard ${this.heard.slice(-3).join(' ')}`);
        }
      }
      if (this.session.ended) throw new CallEnded(`the call ended while waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  /** Waits for a prompt event that plays `id`. */
  prompt(id: string): Promise<TimedSessionEvent> {
    return this.next((e) => e.type === 'prompt' && e.prompts.some((p) => p.id === id), `prompt ${id}`);
  }

  async answer(id: string, keys: string): Promise<void> {
    await this.prompt(id);
    await this.press(keys);
  }

  async press(keys: string): Promise<void> {
    if (this.sim.call?.state === 'released') throw new CallEnded('the call ended before a key press');
    await this.sim.sendDtmf(keys);
  }

  /** Engine time (a free-running card does not race past it). */
  async sleep(ms: number): Promise<void> {
    await this.card.clock.sleep(ms);
  }

  async hangUp(): Promise<void> {
    await this.sim.hangUp();
  }
}
