/**
 * CallSession: one party's call as the applications above see it (IVR, ACD,
 * fax). It wraps a bindings Call and its B-channel and adds what every
 * application needs:
 *
 *   - a type-ahead digit buffer: keys pressed during a prompt are kept for
 *     the next collect(), as callers expect;
 *   - collect() with min/max digits, a terminator, first-digit and
 *     inter-digit timeouts (engine time), and a secure mode;
 *   - secure mode: digits are masked as '*' in every event, and every
 *     recording of the call is paused (it records silence) until it ends;
 *   - session events (prompts played with their ids and text, digits,
 *     transfers, hangup with cause) for the live event stream, CDRs and
 *     `tellerline sim`.
 *
 * Digits collected in secure mode are returned to the caller of collect()
 * only; they are never stored on the session.
 */
import { randomUUID } from 'node:crypto';
import { filter, Subject, type Observable, type Subscription } from 'rxjs';
import type { Call, Card, Channel, ChannelEvent, FaxOptions, FaxResult, PlaybackResult, Recording, RecordOptions, ToneEvent } from '../../bindings/index.js';
import { Cause } from '../../bindings/index.js';
import type { PromptRef } from '../voice/prompt-ref.js';

export type { PromptRef };

export type SessionEvent =
  | { type: 'answered' }
  | { type: 'prompt'; prompts: Array<{ id: string; text?: string }> }
  | { type: 'prompt-done'; reason: PlaybackResult['reason'] | 'hangup'; itemsDone: number }
  | { type: 'digits'; digits: string; secure: boolean; reason: CollectReason; purpose?: string }
  | { type: 'secure'; on: boolean }
  | { type: 'transfer'; to: string; kind: 'queue' | 'agent' | 'number' | 'ivr' | 'voicemail' }
  | { type: 'note'; text: string }
  | { type: 'hangup'; cause: number; by: 'caller' | 'bank' };

export type TimedSessionEvent = SessionEvent & { sessionId: string; at: number; time: string };

export type CollectReason = 'max' | 'terminator' | 'timeout' | 'hangup' | 'min-on-timeout';

export interface CollectOptions {
  min?: number;
  max: number;
  /** Ends input early; not part of the result. Default '#'; '' for none. */
  terminator?: string;
  /** Time to wait for the first key after prompts end. */
  firstDigitTimeoutMs?: number;
  /** Time to wait between keys. */
  interDigitTimeoutMs?: number;
  /** PIN/password entry: masked everywhere, recordings paused. */
  secure?: boolean;
  /** Prompts to play first (interrupted by the first key). */
  prompts?: PromptRef[];
  /** What is being collected, for events (e.g. "pin", "account"). */
  purpose?: string;
}

export interface CollectResult {
  digits: string;
  reason: CollectReason;
}

export interface SessionInfo {
  trunkSpan: number;
  tenantId?: string;
}

export class CallSession {
  readonly id = randomUUID();
  readonly events$: Observable<TimedSessionEvent>;
  /** Resolves when the call is released. */
  readonly released: Promise<{ cause: number; by: 'caller' | 'bank' }>;
  /** Free-form, non-secret data the applications attach (IVR choices, customer id...). */
  readonly data = new Map<string, unknown>();
  lang: 'zh' | 'en' = 'zh';

  private readonly subject = new Subject<TimedSessionEvent>();
  private readonly buffer: string[] = [];
  private digitWaiter: ((digit: string | undefined) => void) | undefined;
  private readonly subs: Subscription[] = [];
  private readonly recordings = new Set<Recording>();
  private secureDepth = 0;
  private preemptedBy: string | undefined;
  /** A terminator pressed right after a collect ended at max digits is swallowed. */
  private swallow: { digit: string; until: number } | undefined;
  private endedFlag = false;
  private hungUpByBank = false;

  constructor(
    private readonly card: Card,
    readonly call: Call,
    readonly info: SessionInfo,
  ) {
    this.events$ = this.subject.asObservable();
    this.subs.push(
      this.call.events$.subscribe((e) => {
        if (e.type === 'callMoved') this.watchChannel();
      }),
    );
    this.watchChannel();
    this.released = this.call.released.then((cause) => {
      const by: 'caller' | 'bank' = this.hungUpByBank || this.call.hangup?.remote === false ? 'bank' : 'caller';
      this.endedFlag = true;
      this.emit({ type: 'hangup', cause, by });
      this.wakeDigitWaiter(undefined);
      for (const s of this.subs) s.unsubscribe();
      this.subject.complete();
      return { cause, by };
    });
  }

  get calling(): string {
    return this.call.calling;
  }

  get called(): string {
    return this.call.called;
  }

  /**
   * The B-channel the call is on now. For the telephony layer: applications use the session's
   * own members below, so that every application talks to a call the same way.
   */
  get channel(): Channel {
    return this.card.span(this.call.span).channel(this.call.channel);
  }

  /** Where the call is: span and channel (timeslot) on the card. */
  get line(): { span: number; channel: number } {
    return { span: this.call.span, channel: this.call.channel };
  }

  /**
   * Every key the caller presses on the call's channel, as detected, whether or not a collect()
   * is waiting. Digits keyed in secure mode come through too: never log or publish them.
   */
  get keys$(): Observable<string> {
    return this.channel.digits$;
  }

  /** Call-progress and fax tones heard on the call (with `detectTones(true)`). */
  get tones$(): Observable<ToneEvent> {
    return this.channel.tones$;
  }

  /** Fax progress (T.30 phases) while fax() runs. */
  get faxPhases$(): Observable<Extract<ChannelEvent, { type: 'faxPhase' }>> {
    return this.channel.events$.pipe(filter((e): e is Extract<ChannelEvent, { type: 'faxPhase' }> => e.type === 'faxPhase'));
  }

  /** Turns the engine's call-progress and fax-tone detection on the call's audio on or off. */
  async detectTones(on: boolean): Promise<void> {
    await this.channel.setOptions({ progressDetect: on });
  }

  /** Plays a tone cadence (e.g. hold music) until stopTone() or another tone. */
  async playTone(spec: string): Promise<void> {
    await this.channel.playTone(spec);
  }

  /** Stops the tone; resolves true if one was playing. */
  async stopTone(): Promise<boolean> {
    return this.channel.stopTone();
  }

  /** Stops whatever prompt is playing; resolves true if one was. */
  async stopPlayback(): Promise<boolean> {
    return this.channel.stopPlayback();
  }

  /** Runs a T.30 fax on the call; resolves with how it ended. */
  fax(options: FaxOptions): Promise<FaxResult> {
    return this.channel.fax(options);
  }

  /**
   * True once the call is over (either side hung up) -- or while the session
   * is preempted: the application running it must stop (see preempt()).
   */
  get ended(): boolean {
    return this.preemptedBy !== undefined || this.endedFlag || this.call.state === 'released' || this.call.state === 'terminating';
  }

  /**
   * Takes the call away from the application running it, e.g. a fax machine
   * was heard on a voice number: the prompt stops, a pending collect returns,
   * and the session reads as ended until resume(), so the application winds
   * down at once; whoever preempted then carries on with the call.
   */
  preempt(reason: string): void {
    if (this.preemptedBy !== undefined) return;
    this.preemptedBy = reason;
    this.emit({ type: 'note', text: `preempted: ${reason}` });
    void this.channel.stopPlayback().catch(() => undefined);
    this.wakeDigitWaiter(undefined);
  }

  /** Gives the call back after preempt(). */
  resume(): void {
    this.preemptedBy = undefined;
  }

  get secure(): boolean {
    return this.secureDepth > 0;
  }

  /** Engine time now (ms). */
  now(): number {
    return this.card.clock.now();
  }

  async answer(): Promise<void> {
    if (this.call.direction === 'inbound' && this.call.state !== 'up') {
      await this.call.answer();
      this.emit({ type: 'answered' });
    }
  }

  /**
   * Plays prompts back to back. With bargeIn, the first key stops them (and
   * stays in the type-ahead buffer); if keys are already waiting, nothing is
   * played at all.
   */
  async play(prompts: PromptRef[], options: { bargeIn?: boolean } = {}): Promise<{ reason: PlaybackResult['reason'] | 'hangup' | 'type-ahead'; itemsDone: number }> {
    if (this.ended) return { reason: 'hangup', itemsDone: 0 };
    if (prompts.length === 0) return { reason: 'done', itemsDone: 0 };
    if (options.bargeIn && this.buffer.length > 0) return { reason: 'type-ahead', itemsDone: 0 };
    this.emit({
      type: 'prompt',
      prompts: prompts.map((p) => ({ id: p.sensitive ? 'masked' : p.id, ...(p.text !== undefined ? { text: p.sensitive ? '*' : p.text } : {}) })),
    });
    try {
      const result = await this.channel.play(prompts.map((p) => p.file), { stopOnDtmf: options.bargeIn ?? false });
      this.emit({ type: 'prompt-done', reason: result.reason, itemsDone: result.itemsDone });
      return { reason: this.ended ? 'hangup' : result.reason, itemsDone: result.itemsDone };
    } catch (err) {
      if (this.ended) return { reason: 'hangup', itemsDone: 0 };
      throw err;
    }
  }

  /** The next key (from the type-ahead buffer first), or undefined on timeout/hangup. */
  nextDigit(timeoutMs: number): Promise<string | undefined> {
    const buffered = this.buffer.shift();
    if (buffered !== undefined) return Promise.resolve(buffered);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const cancel = this.card.clock.setTimeout(() => this.wakeDigitWaiter(undefined), timeoutMs);
      this.digitWaiter = (digit) => {
        cancel();
        this.digitWaiter = undefined;
        resolve(digit);
      };
    });
  }

  /** Forgets keys pressed so far (e.g. before a menu that must not take type-ahead). */
  flushDigits(): void {
    this.buffer.length = 0;
  }

  /** Collects digits: see CollectOptions. */
  async collect(options: CollectOptions): Promise<CollectResult> {
    const min = options.min ?? 1;
    const terminator = options.terminator ?? '#';
    const firstTimeout = options.firstDigitTimeoutMs ?? 5000;
    const interTimeout = options.interDigitTimeoutMs ?? 3000;
    if (options.secure) this.enterSecure();
    try {
      if (options.prompts?.length) await this.play(options.prompts, { bargeIn: true });
      let digits = '';
      let reason: CollectReason;
      for (;;) {
        if (this.ended) {
          reason = 'hangup';
          break;
        }
        const digit = await this.nextDigit(digits.length === 0 ? firstTimeout : interTimeout);
        if (digit === undefined) {
          reason = this.ended ? 'hangup' : digits.length >= min ? 'min-on-timeout' : 'timeout';
          break;
        }
        if (terminator && digit === terminator) {
          reason = 'terminator';
          break;
        }
        digits += digit;
        if (digits.length >= options.max) {
          reason = 'max';
          break;
        }
      }
      if (reason === 'max' && terminator) {
        if (this.buffer[0] === terminator) this.buffer.shift();
        else this.swallow = { digit: terminator, until: this.card.clock.now() + interTimeout };
      }
      const shown = options.secure ? '*'.repeat(digits.length) : digits;
      this.emit({ type: 'digits', digits: shown, secure: options.secure ?? false, reason, ...(options.purpose ? { purpose: options.purpose } : {}) });
      return { digits, reason };
    } finally {
      if (options.secure) this.leaveSecure();
    }
  }

  /** Starts a recording of this call; secure entry pauses it automatically. */
  async record(path: string, options: RecordOptions = {}): Promise<Recording> {
    const rec = await this.channel.record(path, options);
    this.recordings.add(rec);
    if (this.secure) await rec.pause().catch(() => undefined);
    void rec.done.then(() => this.recordings.delete(rec));
    return rec;
  }

  /** Secure entry begins: recordings record silence, events mask digits. */
  enterSecure(): void {
    if (this.secureDepth++ === 0) {
      for (const rec of this.recordings) void rec.pause().catch(() => undefined);
      this.emit({ type: 'secure', on: true });
    }
  }

  leaveSecure(): void {
    if (this.secureDepth === 0) return;
    if (--this.secureDepth === 0) {
      for (const rec of this.recordings) void rec.resume().catch(() => undefined);
      this.emit({ type: 'secure', on: false });
    }
  }

  /** Records an application-level fact on the session's event stream. */
  note(event: Extract<SessionEvent, { type: 'transfer' | 'note' }>): void {
    this.emit(event);
  }

  async hangUp(cause: number = Cause.NORMAL_CLEARING): Promise<void> {
    if (this.call.state === 'released') return;
    this.hungUpByBank = true;
    await this.call.hangUp(cause).catch(() => undefined);
  }

  private watchChannel(): void {
    const ch = this.channel;
    this.subs.push(ch.digits$.subscribe((d) => {
      const swallow = this.swallow;
      this.swallow = undefined;
      if (swallow && d === swallow.digit && this.card.clock.now() <= swallow.until) return;
      if (this.digitWaiter) this.wakeDigitWaiter(d);
      else this.buffer.push(d);
    }));
  }

  private wakeDigitWaiter(digit: string | undefined): void {
    const waiter = this.digitWaiter;
    if (waiter) waiter(digit);
  }

  private emit(event: SessionEvent): void {
    this.subject.next({ ...event, sessionId: this.id, at: this.card.clock.now(), time: this.card.clock.wallTime().toISOString() });
  }
}
