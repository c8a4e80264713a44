/** One E1 span: its channels, alarms, D-channel state and calls. */
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { Call } from './call.js';
import type { CardCore } from './core.js';
import type { Channel } from './channel.js';
import { TellerlineError } from './errors.js';

export type SignalingType = 'none' | 'pri-cpe' | 'pri-net';

export interface DialOptions {
  called: string;
  calling?: string;
  /** A specific B-channel, or any free one by the span's hunt order. */
  channel?: number;
  /** Calling number presentation restricted (CLIR). */
  restricted?: boolean;
  /** Overlap sending: the called number is incomplete; send the rest with call.sendDigits(). */
  overlap?: boolean;
}

export interface SpanStatus {
  name: string;
  alarms: number;
  framesRx: number;
  framesTx: number;
  framesDropped: number;
  slips: number;
  signaling: null | { up: boolean; side: string; calls: number; callsIn: number; callsOut: number; glares: number; refusedSetups: number; forcedReleases: number; protocolErrors: number };
}

/** B-channel timeslots of an E1 span. */
export const B_CHANNELS: readonly number[] = Object.freeze(
  Array.from({ length: 31 }, (_, i) => i + 1).filter((ts) => ts !== 16),
);

export class Span {
  /** Alarm bits (see alarmNames), current value first. */
  readonly alarms$: Observable<number>;
  /** D-channel up/down (PRI spans), current value first. */
  readonly dchannel$: Observable<boolean>;
  /** Inbound calls offered on this span. */
  readonly calls$: Observable<Call>;
  /** Signalling and engine notices about this span. */
  readonly notices$: Observable<string>;

  private readonly alarmsSubject = new BehaviorSubject<number>(0);
  private readonly dchannelSubject = new BehaviorSubject<boolean>(false);
  private readonly callsSubject = new Subject<Call>();
  private readonly noticesSubject = new Subject<string>();
  private readonly calls = new Map<number, Call>();

  constructor(
    private readonly core: CardCore,
    readonly index: number,
    readonly signaling: SignalingType,
    private readonly channelOf: (span: number, ts: number) => Channel,
  ) {
    this.alarms$ = this.alarmsSubject.asObservable();
    this.dchannel$ = this.dchannelSubject.asObservable();
    this.calls$ = this.callsSubject.asObservable();
    this.notices$ = this.noticesSubject.asObservable();
  }

  get alarms(): number {
    return this.alarmsSubject.value;
  }

  get dchannelUp(): boolean {
    return this.dchannelSubject.value;
  }

  /** A B-channel of this span by timeslot (1-15, 17-31). */
  channel(timeslot: number): Channel {
    return this.channelOf(this.index, timeslot);
  }

  get channels(): Channel[] {
    return B_CHANNELS.map((ts) => this.channel(ts));
  }

  /** Calls currently known on this span. */
  activeCalls(): Call[] {
    return [...this.calls.values()];
  }

  /** Places a call; resolves once SETUP is sent (see call.connected()). */
  async dial(options: DialOptions): Promise<Call> {
    if (this.signaling === 'none') throw new TellerlineError('ERR_NO_SIGNALING', `span ${this.index} has no signalling`);
    const id = this.core.nextId();
    let call: Call | undefined;
    await this.core.issue(
      id,
      (req) => this.core.native.dial(req, this.index, options.called, options.calling ?? '', options.channel ?? 0,
        options.restricted ?? false, options.overlap ?? false),
      (done) => {
        if (done.code !== 'OK' || !done.text) return;
        const info = JSON.parse(done.text) as { call: number; channel: number };
        call = new Call(this.core, this.index, info.call, 'outbound', info.channel, {
          calling: options.calling ?? '',
          called: options.called,
          presentation: options.restricted ? 'restricted' : 'allowed',
        });
        this.calls.set(info.call, call);
      },
    );
    if (!call) throw new TellerlineError('ERR_INTERNAL', 'dial completed without a call');
    return call;
  }

  /** Alarm, frame counters and signalling counters, read from the engine. */
  async status(): Promise<SpanStatus> {
    const id = this.core.nextId();
    const r = await this.core.issue(id, (req) => this.core.native.querySpan(req, this.index));
    return JSON.parse(r.text ?? '{}') as SpanStatus;
  }

  /** Delivers a raw D-channel frame as if the far end sent it (virtual card; protocol tests). */
  async injectFrame(frame: Uint8Array): Promise<void> {
    const id = this.core.nextId();
    await this.core.issue(id, (req) => this.core.native.injectFrame(req, this.index, frame));
  }

  /** @internal */
  callById(callId: number): Call | undefined {
    return this.calls.get(callId);
  }

  /** @internal */
  offer(call: Call): void {
    this.calls.set(call.id, call);
    this.callsSubject.next(call);
  }

  /** @internal */
  forget(callId: number): void {
    this.calls.delete(callId);
  }

  /** @internal */
  setAlarms(alarms: number): void {
    this.alarmsSubject.next(alarms);
  }

  /** @internal */
  setDchannel(up: boolean): void {
    if (up !== this.dchannelSubject.value) this.dchannelSubject.next(up);
  }

  /** @internal */
  notice(text: string): void {
    this.noticesSubject.next(text);
  }

  /** @internal */
  shutdown(): void {
    for (const call of this.calls.values()) call.shutdown();
    this.calls.clear();
    this.callsSubject.complete();
    this.noticesSubject.complete();
    this.alarmsSubject.complete();
    this.dchannelSubject.complete();
  }
}
