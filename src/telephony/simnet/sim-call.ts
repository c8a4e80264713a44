/**
 * A simulated caller on the network side of a virtual trunk: it dials into
 * the bank, sends DTMF as real audio, plays WAV files into the line, listens
 * (DTMF and call-progress tones detected in what it hears, optionally
 * captured to a WAV file) and hangs up.
 */
import { ReplaySubject, type Observable, type Subscription } from 'rxjs';
import type { Call, Card, Channel, DtmfOptions, PlayItem, Recording } from '../../../bindings/index.js';
import { Cause } from '../../../bindings/index.js';
import type { SimEvent, TimedSimEvent } from './sim-events.js';

export class SimCall {
  readonly events$: Observable<TimedSimEvent>;
  /** Resolves with the Q.850 cause when the call is over. */
  readonly ended: Promise<number>;
  private readonly subject = new ReplaySubject<TimedSimEvent>();
  private readonly subs: Subscription[] = [];
  private settle!: (cause: number) => void;
  private finished = false;
  private recording: Recording | undefined;

  constructor(
    private readonly card: Card,
    readonly to: string,
    readonly from: string,
    readonly call: Call | undefined,
  ) {
    this.events$ = this.subject.asObservable();
    this.ended = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** The network-side B-channel (undefined if the call never got one). */
  get channel(): Channel | undefined {
    return this.call ? this.card.span(this.call.span).channel(this.call.channel) : undefined;
  }

  /** @internal wires the call's events to the caller's view */
  start(): void {
    const call = this.call;
    if (!call) return;
    this.emit({ event: 'dialing', to: this.to, from: this.from, span: call.span, channel: call.channel });
    const ch = this.channel!;
    void ch.setOptions({ progressDetect: true }).catch(() => undefined);
    this.subs.push(
      ch.dtmf$.subscribe((e) => {
        if (e.phase === 'start') this.emit({ event: 'heard-dtmf', digit: e.digit });
      }),
      ch.tones$.subscribe((e) => this.emit({ event: 'heard-tone', tone: e.tone, phase: e.phase })),
      call.events$.subscribe((e) => {
        switch (e.type) {
          case 'callProceeding':
            this.emit({ event: 'proceeding' });
            break;
          case 'callAlerting':
            this.emit({ event: 'ringing', inband: e.inband });
            break;
          case 'callConnected':
            this.emit({ event: 'answered' });
            break;
          case 'callHangup':
            this.emit({ event: 'hangup', cause: e.cause, by: e.remote ? 'bank' : 'caller' });
            break;
          case 'callReleased':
            void this.finish(e.cause);
            break;
          default:
            break;
        }
      }),
    );
  }

  /** @internal the call could not even be placed */
  fail(cause: number, reason: string): void {
    this.emit({ event: 'failed', cause, reason });
    void this.finish(cause);
  }

  /** Resolves when the bank answers; rejects if the call ends first. */
  answered(): Promise<void> {
    if (!this.call) return Promise.reject(new Error('the call was never placed'));
    return this.call.connected();
  }

  async sendDtmf(digits: string, options: DtmfOptions = {}): Promise<void> {
    const ch = this.requireChannel();
    this.emit({ event: 'sent-dtmf', digits });
    await ch.sendDtmf(digits, options);
  }

  async play(item: PlayItem): Promise<void> {
    const result = await this.requireChannel().play(item);
    this.emit({ event: 'played', file: typeof item === 'string' ? item : '<samples>', reason: result.reason });
  }

  /** Captures what the caller hears into a WAV file until the call ends or stopRecording(). */
  async record(path: string): Promise<void> {
    this.recording = await this.requireChannel().record(path, { direction: 'rx', encoding: 'alaw' });
  }

  async stopRecording(): Promise<void> {
    const rec = this.recording;
    this.recording = undefined;
    if (!rec) return;
    const result = await rec.stop();
    this.emit({ event: 'recorded', file: result.path, seconds: result.samples / 8000 });
  }

  async hangUp(cause: number = Cause.NORMAL_CLEARING): Promise<void> {
    if (this.call && this.call.state !== 'released') await this.call.hangUp(cause).catch(() => undefined);
    await this.ended;
  }

  private requireChannel(): Channel {
    const ch = this.channel;
    if (!ch || this.finished) throw new Error('the call is not up');
    return ch;
  }

  private emit(event: SimEvent): void {
    if (this.finished && event.event !== 'released' && event.event !== 'recorded') return;
    const at = this.card.clock.now();
    this.subject.next({ ...event, at, time: this.card.clock.wallTime().toISOString(), side: 'caller' });
  }

  private async finish(cause: number): Promise<void> {
    if (this.finished) return;
    if (this.recording) await this.stopRecording().catch(() => undefined);
    this.emit({ event: 'released', cause });
    this.finished = true;
    for (const s of this.subs) s.unsubscribe();
    this.subject.complete();
    this.settle(cause);
  }
}
