/**
 * Card: the typed entry point to a voice card (virtual or DAHDI).
 *
 *   const card = openCard({ spans: 2, cables: [[0, 1]], clock: 'freerun' });
 *   const ch = card.channel(0, 1);
 *   await ch.open();
 *   ch.digits$.subscribe((d) => console.log('pressed', d));
 *   await ch.play('/prompts/welcome.wav', { stopOnDtmf: true });
 *   await card.close();
 *
 * Every stream is an RxJS Observable, every command a Promise, every failure
 * a TellerlineError with a stable code. Time follows the engine (card.clock).
 */
import { Observable, Subject } from 'rxjs';
import { Call } from './call.js';
import { VirtualCable } from './cable.js';
import { Channel, type ChannelEvent } from './channel.js';
import { EngineClock } from './clock.js';
import { Conference } from './conference.js';
import type { CardCore, CommandResult } from './core.js';
import { TellerlineError, withCallerStack } from './errors.js';
import { EventDecoder, type EngineEvent } from './events.js';
import { nativeAddon, type NativeCardHandle, type NativeTables } from './native.js';
import { Span, type SignalingType } from './span.js';

export interface SpanSignalingOptions {
  type: SignalingType;
  huntOrder?: 'ascending' | 'descending' | 'round-robin';
  /** Accept incomplete called numbers (overlap receiving). */
  overlapDial?: boolean;
}

export type ClockMode = 'realtime' | 'speed' | 'freerun';

interface CommonOptions {
  /** Per span signalling; missing entries mean none (raw media channels). */
  signaling?: Array<SpanSignalingOptions | SignalingType | undefined>;
  /** DSP worker threads besides the clock thread (default 1). */
  dspThreads?: number;
  /** Tone zone for generated and detected progress tones (default "cn"). */
  toneZone?: string;
  dtmfReceiver?: 'tellerline' | 'spandsp';
  eventSoftLimit?: number;
  eventHardLimit?: number;
  promptCacheMb?: number;
  /** Wall-clock time at engine time 0 (default: now). */
  epochMs?: number;
  /**
   * SCHED_FIFO priority (1-99) for the clock and DSP threads, so that a busy
   * machine does not make the engine miss ticks. Needs CAP_SYS_NICE (root);
   * when refused the engine runs on and says why in a card notice.
   */
  realtimePriority?: number;
  /**
   * Past its capacity the engine backs off instead of starving the machine: once its clock has
   * been late for this many milliseconds without a break it drops the backlog (every dropped
   * tick counts as a missed deadline) and leaves real-time scheduling until it has been on time
   * for `recoverMs`. A one-off stall is caught up, not dropped. Default 500 in real time and on
   * hardware; never with clock 'speed' or 'freerun'. 0 = never back off.
   */
  overloadMs?: number;
  /** Time on time without a break that ends a back-off (default 5000 ms). */
  recoverMs?: number;
}

export interface VirtualCardOptions extends CommonOptions {
  kind?: 'virtual';
  /** Spans on the card, 1 to 2048 (default 2); the engine benchmark ramps up to 1,024 cabled pairs. */
  spans?: number;
  /** Pairs of spans joined back to back (default [[0, 1]]). */
  cables?: Array<[number, number]>;
  tickMs?: 10 | 20;
  clock?: ClockMode;
  /** With clock 'speed': how many times faster than real time. */
  speed?: number;
  /** Seed for injected noise. */
  seed?: number;
}

export interface DahdiCardOptions extends CommonOptions {
  kind: 'dahdi';
  /** DAHDI span numbers to use, e.g. "1,2". */
  dahdiSpans: string;
  tickMs?: 10 | 20;
  [key: string]: unknown;
}

export type CardOptions = VirtualCardOptions | DahdiCardOptions;

export interface EngineStats {
  ticks: number;
  missedDeadlines: number;
  overruns: number;
  maxTickNs: number;
  lastTickNs: number;
  totalTickNs: number;
  eventsDropped: number;
  channelEventsDropped: number;
  refusedTransitions: number;
  recordingOverruns: number;
  commands: number;
  batchesPublished: number;
  promptCacheHits: number;
  promptCacheMisses: number;
  activeChannels: number;
  conferences: number;
  /** Runs of late ticks (missedDeadlines); each is described in a card-wide notice. */
  stalls: number;
  /** The worst lateness of a tick, in ns. */
  maxStallNs: number;
  /** Ticks never run: the backlogs dropped by backing off (counted in missedDeadlines too). */
  droppedTicks: number;
  /** Times the engine backed off (dropped its backlog) because it could not keep up. */
  backOffs: number;
  /** Backed off and not yet on time again (see `overloadMs`). */
  overloaded: boolean;
  open: boolean;
}

interface Pending {
  resolve: (r: CommandResult) => void;
  reject: (e: Error) => void;
  caller: { stack?: string };
  onDone: ((event: Extract<EngineEvent, { type: 'commandDone' }>) => void) | undefined;
}

const FAR_HORIZON = 1_000_000;

export class Card {
  readonly kind: string;
  readonly tickMs: number;
  readonly clockMode: string;
  readonly clock: EngineClock;
  readonly spans: readonly Span[];
  /** Every engine event, in order. */
  readonly events$: Observable<EngineEvent>;

  private readonly native: NativeCardHandle;
  private readonly tables: NativeTables;
  private readonly decoder: EventDecoder;
  private readonly eventsSubject = new Subject<EngineEvent>();
  private readonly channels = new Map<number, Channel>();
  private readonly pending = new Map<number, Pending>();
  private readonly core: CardCore;
  private lastId = 0;
  private lastTick = -1;
  private ackScheduled = false;
  private closed = false;
  private holds = 0;

  constructor(options: CardOptions = {}) {
    const addon = nativeAddon();
    this.tables = addon.tables;
    const signaling = options.signaling?.map((s) => (typeof s === 'string' ? { type: s } : s));
    const config = { ...options, signaling };
    this.native = new addon.NativeCard(config, (records, strings, lastTick, dropped) =>
      this.onBatch(records, strings, lastTick, dropped));
    const info = this.native.info();
    this.kind = info.kind;
    this.tickMs = info.tickMs;
    this.clockMode = info.clock;
    this.clock = new EngineClock(info.tickMs, options.epochMs);
    this.decoder = new EventDecoder(this.tables, info.tickMs);
    this.events$ = this.eventsSubject.asObservable();

    const self = this;
    this.core = {
      native: this.native,
      tables: this.tables,
      clock: this.clock,
      tickMs: info.tickMs,
      nextId: () => this.nextId(),
      issue: (id, send, onDone) => this.issue(id, send, onDone),
      isOpen: () => !self.closed,
    };
    this.spans = info.signaling.map(
      (type, index) => new Span(this.core, index, type as SignalingType, (span, ts) => this.channel(span, ts)),
    );
  }

  /** Number of virtual cables (0 on hardware). */
  get cableCount(): number {
    return this.closed ? 0 : this.native.info().cables;
  }

  span(index: number): Span {
    const span = this.spans[index];
    if (!span) throw new TellerlineError('ERR_UNKNOWN_SPAN', `no span ${index} on this card (it has ${this.spans.length})`);
    return span;
  }

  /** A B-channel by span index and timeslot (1-15, 17-31). */
  channel(span: number, timeslot: number): Channel {
    this.span(span);
    if (!Number.isInteger(timeslot) || timeslot < 1 || timeslot > 31 || timeslot === 16) {
      throw new TellerlineError('ERR_UNKNOWN_CHANNEL', `no B-channel ${timeslot} on an E1 span (B-channels are 1-15 and 17-31)`);
    }
    const key = span * 32 + timeslot;
    let ch = this.channels.get(key);
    if (!ch) {
      ch = new Channel(this.core, span, timeslot);
      this.channels.set(key, ch);
    }
    return ch;
  }

  /** A cable of the virtual card. */
  cable(index: number): VirtualCable {
    if (this.kind !== 'virtual') throw new TellerlineError('ERR_NOT_VIRTUAL', 'only the virtual card has cables');
    return new VirtualCable(this.core, index);
  }

  async createConference(): Promise<Conference> {
    const id = this.nextId();
    await this.issue(id, (req) => this.native.conference(req, 0, id));
    return new Conference(this.core, id);
  }

  /** Connects two channels full duplex; destroy() the result to part them. */
  async bridge(a: Channel, b: Channel): Promise<Conference> {
    const conf = await this.createConference();
    try {
      await conf.add(a);
      await conf.add(b);
    } catch (err) {
      await conf.destroy().catch(() => undefined);
      throw err;
    }
    return conf;
  }

  stats(): EngineStats {
    return this.native.stats() as unknown as EngineStats;
  }

  /**
   * Holds the engine's clock (free-running card only) until the returned
   * function is called: for awaiting something outside the engine without
   * engine time passing. A no-op in real time.
   */
  hold(): () => void {
    if (this.clockMode !== 'freerun' || this.closed) return () => undefined;
    this.native.hold();
    this.holds++;
    let released = false;
    return () => {
      if (released || this.closed) return;
      released = true;
      this.holds--;
      this.native.release();
    };
  }

  /** Lets the process exit while the card is open. */
  unref(): void {
    if (!this.closed) this.native.unref();
  }

  ref(): void {
    if (!this.closed) this.native.ref();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Stops the engine (joining its threads) and settles everything pending. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.native.close();  // delivers the last events synchronously
    const err = new TellerlineError('ERR_CARD_CLOSED', 'the card was closed');
    for (const p of this.pending.values()) p.reject(withCallerStack(new TellerlineError(err.code, err.message), p.caller));
    this.pending.clear();
    for (const ch of this.channels.values()) ch.shutdown();
    for (const span of this.spans) span.shutdown();
    this.clock.stop();
    this.eventsSubject.complete();
  }

  private nextId(): number {
    this.lastId = this.lastId >= 0xfffffffe ? 1 : this.lastId + 1;
    return this.lastId;
  }

  private issue(
    id: number,
    send: (id: number) => void,
    onDone?: (event: Extract<EngineEvent, { type: 'commandDone' }>) => void,
  ): Promise<CommandResult> {
    const caller: { stack?: string } = {};
    Error.captureStackTrace(caller, this.issue);
    return new Promise<CommandResult>((resolve, reject) => {
      if (this.closed) {
        reject(withCallerStack(new TellerlineError('ERR_CARD_CLOSED', 'the card is closed'), caller));
        return;
      }
      try {
        send(id);
      } catch (err) {
        reject(err instanceof TellerlineError ? withCallerStack(err, caller) : err as Error);
        return;
      }
      this.pending.set(id, { resolve, reject, caller, onDone });
    });
  }

  private onBatch(records: Int32Array, strings: string[], lastTick: number, dropped: number): void {
    let currentTick = -1;
    this.decoder.decode(records, strings, (event) => {
      if (event.tick !== currentTick) {
        currentTick = event.tick;
        // Timers due by the start of this tick run before its events.
        this.clock.runUntil(event.tick * this.tickMs);
      }
      this.dispatch(event);
    });
    this.lastTick = lastTick;
    this.clock.runUntil((lastTick + 1) * this.tickMs);
    if (dropped > 0) this.reportDropped(dropped);
    this.scheduleAck();
  }

  private droppedSeen = 0;

  private reportDropped(total: number): void {
    if (total <= this.droppedSeen) return;
    const event: EngineEvent = {
      type: 'notice', tick: this.lastTick, at: this.lastTick * this.tickMs, span: -1, channel: 0,
      text: `engine event queue full: ${total - this.droppedSeen} events dropped (${total} in all)`,
    };
    this.droppedSeen = total;
    this.eventsSubject.next(event);
  }

  private scheduleAck(): void {
    if (this.clockMode !== 'freerun' || this.ackScheduled || this.closed) return;
    this.ackScheduled = true;
    // After the current macrotask and its promise continuations, so that
    // commands they issue are queued before the engine moves on.
    setImmediate(() => {
      this.ackScheduled = false;
      if (this.closed) return;
      const end = (this.lastTick + 1) * this.tickMs;
      this.clock.runUntil(end);
      const due = this.clock.nextDue();
      const horizon = due === undefined ? this.lastTick + FAR_HORIZON : Math.max(this.lastTick + 1, Math.ceil(due / this.tickMs) - 1);
      this.native.ack(this.lastTick, horizon);
    });
  }

  private dispatch(event: EngineEvent): void {
    if (event.type === 'commandDone') {
      const p = this.pending.get(event.requestId);
      if (p) {
        this.pending.delete(event.requestId);
        p.onDone?.(event);
        if (event.code === 'OK') {
          p.resolve(event.text === undefined ? { value: event.value } : { value: event.value, text: event.text });
        } else {
          p.reject(withCallerStack(new TellerlineError(event.code, event.text ?? event.code), p.caller));
        }
      }
      this.eventsSubject.next(event);
      return;
    }
    const span = event.span >= 0 ? this.spans[event.span] : undefined;
    switch (event.type) {
      case 'alarm':
        span?.setAlarms(event.alarms);
        break;
      case 'dchannel':
        span?.setDchannel(event.up);
        break;
      case 'notice':
        span?.notice(event.text);
        break;
      case 'callOffered':
        if (span) {
          const call = new Call(this.core, span.index, event.callId, 'inbound', event.channel, {
            calling: event.calling,
            called: event.called,
            callingName: event.callingName,
            presentation: event.presentation,
          });
          call.handle(event);
          span.offer(call);
        }
        break;
      case 'callDigits':
      case 'callProceeding':
      case 'callAlerting':
      case 'callProgress':
      case 'callConnected':
      case 'callHangup':
      case 'callReleased':
      case 'callMoved': {
        const call = span?.callById(event.callId);
        if (call) {
          call.handle(event);
          if (event.type === 'callReleased') span?.forget(event.callId);
        }
        break;
      }
      default:
        break;
    }
    if (span && event.channel > 0) {
      this.channel(event.span, event.channel).handle(event as ChannelEvent);
    }
    this.eventsSubject.next(event);
  }
}

/** Opens a card; the engine runs until close(). */
export function openCard(options: CardOptions = {}): Card {
  return new Card(options);
}
