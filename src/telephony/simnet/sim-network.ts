/**
 * The simulated telephone network: the NET side of every virtual trunk, run
 * as a scriptable exchange. It places calls into the bank (simulated
 * callers) and answers the calls the bank places, line by line, as the line
 * table says (busy, no answer, answer, answering machine, fax...); numbers
 * not in the table answer as the population does when one is set
 * (sim-population.ts), else as the default line.
 */
import { Subscription } from 'rxjs';
import type { Card, Span } from '../../../bindings/index.js';
import { Cause, isTellerlineError } from '../../../bindings/index.js';
import { SimCall } from './sim-call.js';
import { runLine, type LineBehavior } from './sim-line.js';
import type { SimPopulation } from './sim-population.js';

export interface PlaceCallOptions {
  /** The number the caller dials (the bank's service number). */
  to: string;
  /** The caller's own number. */
  from: string;
  restricted?: boolean;
}

export interface OutboundCallSeen {
  to: string;
  from: string;
  behavior: LineBehavior['kind'];
  at: number;
}

export class SimNetwork {
  private readonly lines = new Map<string, LineBehavior>();
  private readonly subs = new Subscription();
  private next = 0;
  private readonly seen: OutboundCallSeen[] = [];
  private defaultBehavior: LineBehavior = { kind: 'answer', ringMs: 2000 };
  private populationOf: SimPopulation | undefined;

  constructor(
    private readonly card: Card,
    private readonly spans: Span[],
  ) {
    for (const span of spans) {
      this.subs.add(span.calls$.subscribe((call) => {
        const behavior = this.decide(call.called);
        this.seen.push({ to: call.called, from: call.calling, behavior: behavior.kind, at: card.clock.now() });
        if (this.seen.length > 1000) this.seen.shift();
        void runLine(card, call, behavior);
      }));
    }
  }

  /** Sets how the line with this number answers the bank's calls. */
  setLine(number: string, behavior: LineBehavior): void {
    this.lines.set(number, behavior);
  }

  clearLine(number: string): void {
    this.lines.delete(number);
  }

  /** How lines not in the table behave (default: answer after 2 s of ringing). */
  setDefault(behavior: LineBehavior): void {
    this.defaultBehavior = behavior;
  }

  /** Numbers not in the line table answer as this population does (undefined: the default line). */
  setPopulation(population: SimPopulation | undefined): void {
    this.populationOf = population;
  }

  get population(): SimPopulation | undefined {
    return this.populationOf;
  }

  /** How the next call to `number` is answered: its line, else the population's draw, else the default. */
  private decide(number: string): LineBehavior {
    if (!/^\+?\d{3,20}$/.test(number)) return { kind: 'unallocated' };
    return this.lines.get(number) ?? this.populationOf?.next(number).behavior ?? this.defaultBehavior;
  }

  /** How a line answers by the table (a population draws per call: see decide()). */
  behaviorFor(number: string): LineBehavior {
    if (!/^\+?\d{3,20}$/.test(number)) return { kind: 'unallocated' };
    return this.lines.get(number) ?? this.defaultBehavior;
  }

  /** The bank's most recent outbound calls as the network saw them. */
  outboundCalls(): OutboundCallSeen[] {
    return [...this.seen];
  }

  /** True when every network span's D-channel is up. */
  get ready(): boolean {
    return this.spans.every((s) => s.dchannelUp);
  }

  /**
   * A simulated caller dials into the bank. Trunks are tried in turn; when
   * none has a free channel the caller hears congestion (cause 34), when all
   * are down, network out of order (cause 38).
   */
  async placeCall(options: PlaceCallOptions): Promise<SimCall> {
    let lastCause: number = Cause.NETWORK_OUT_OF_ORDER;
    // Every trunk once, the least busy first (as the exchange's own hunting would).
    const start = this.next++;
    const order = this.spans
      .map((span, i) => ({ span, i, load: span.activeCalls().length, turn: (i - start + this.spans.length * 1000) % this.spans.length }))
      .sort((a, b) => a.load - b.load || a.turn - b.turn);
    for (const { span } of order) {
      if (!span.dchannelUp) continue;
      try {
        const call = await span.dial({ called: options.to, calling: options.from, restricted: options.restricted ?? false });
        const sim = new SimCall(this.card, options.to, options.from, call);
        sim.start();
        return sim;
      } catch (err) {
        if (isTellerlineError(err, 'ERR_NO_CIRCUIT')) lastCause = Cause.NO_CIRCUIT_AVAILABLE;
        else if (!isTellerlineError(err, 'ERR_SPAN_DOWN')) throw err;
      }
    }
    const sim = new SimCall(this.card, options.to, options.from, undefined);
    sim.fail(lastCause, lastCause === Cause.NO_CIRCUIT_AVAILABLE ? 'all trunks busy' : 'no trunk to the bank is up');
    return sim;
  }

  close(): void {
    this.subs.unsubscribe();
  }
}
