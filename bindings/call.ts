/**
 * A call on a PRI span: an inbound SETUP offered to us, or a call we placed.
 *
 * Its events replay to late subscribers (a call sees only a handful), so code
 * that awaits dial() and then subscribes misses nothing. The stream completes
 * when the call is released and its B-channel is free again.
 */
import { Observable, ReplaySubject, filter, firstValueFrom } from 'rxjs';
import type { CardCore } from './core.js';
import type { EngineEvent } from './events.js';
import { Cause } from './causes.js';

export type CallEvent = Extract<
  EngineEvent,
  { type: 'callOffered' | 'callDigits' | 'callProceeding' | 'callAlerting' | 'callProgress' | 'callConnected' | 'callHangup' | 'callReleased' | 'callMoved' }
>;

export type CallState = 'offered' | 'proceeding' | 'ringing' | 'dialing' | 'alerting' | 'up' | 'terminating' | 'released';

export interface CallParty {
  calling: string;
  called: string;
  callingName?: string;
  presentation: 'allowed' | 'restricted';
}

export class Call {
  readonly events$: Observable<CallEvent>;
  /** Resolves with the Q.850 cause when the call is released. */
  readonly released: Promise<number>;
  private readonly subject = new ReplaySubject<CallEvent>();
  private stateName: CallState;
  private channelNumber: number;
  private settleReleased!: (cause: number) => void;
  private hangupCause: number | undefined;
  private hangupRemote: boolean | undefined;

  constructor(
    private readonly core: CardCore,
    readonly span: number,
    readonly id: number,
    readonly direction: 'inbound' | 'outbound',
    channel: number,
    readonly party: CallParty,
  ) {
    this.channelNumber = channel;
    this.stateName = direction === 'inbound' ? 'offered' : 'dialing';
    this.events$ = this.subject.asObservable();
    this.released = new Promise((resolve) => {
      this.settleReleased = resolve;
    });
  }

  get state(): CallState {
    return this.stateName;
  }

  /** The B-channel (timeslot) carrying the call's audio. */
  get channel(): number {
    return this.channelNumber;
  }

  get calling(): string {
    return this.party.calling;
  }

  get called(): string {
    return this.party.called;
  }

  /** Cause and side of the hangup, once it happened. */
  get hangup(): { cause: number; remote: boolean } | undefined {
    return this.hangupCause === undefined ? undefined : { cause: this.hangupCause, remote: this.hangupRemote ?? false };
  }

  async answer(): Promise<void> {
    await this.control(0, 0);
  }

  async proceeding(): Promise<void> {
    await this.control(1, 0);
  }

  /** Sends ALERTING (the caller hears ringback; with inband, ours). */
  async alerting(inband = false): Promise<void> {
    await this.control(2, inband ? 1 : 0);
  }

  async progress(): Promise<void> {
    await this.control(3, 0);
  }

  /** Refuses an offered call with a Q.850 cause (default 21, call rejected). */
  async reject(cause: number = Cause.CALL_REJECTED): Promise<void> {
    await this.control(4, cause);
  }

  /** Clears the call (default cause 16, normal clearing). Idempotent. */
  async hangUp(cause: number = Cause.NORMAL_CLEARING): Promise<void> {
    if (this.stateName === 'released') return;
    await this.control(5, cause);
  }

  /** Overlap sending: more called-number digits for an outbound call. */
  async sendDigits(digits: string): Promise<void> {
    const id = this.core.nextId();
    await this.core.issue(id, (req) => this.core.native.sendDigits(req, this.span, this.id, digits));
  }

  /** Resolves when the call is connected; rejects if it ends first. */
  async connected(): Promise<void> {
    const event = await firstValueFrom(
      this.events$.pipe(filter((e) => e.type === 'callConnected' || e.type === 'callHangup' || e.type === 'callReleased')),
      { defaultValue: undefined },
    );
    if (!event || event.type !== 'callConnected') {
      const cause = event && 'cause' in event ? event.cause : Cause.NORMAL_UNSPECIFIED;
      throw Object.assign(new Error(`call ended before it was connected (cause ${cause})`), { cause, code: 'ERR_CALL_ENDED' });
    }
  }

  /** @internal */
  handle(event: CallEvent): void {
    if (event.channel && event.type !== 'callReleased') this.channelNumber = event.channel;
    switch (event.type) {
      case 'callProceeding':
        // Outbound: the far end proceeds. Inbound: the card acknowledged the SETUP itself.
        if ((this.direction === 'outbound' && this.stateName === 'dialing') || (this.direction === 'inbound' && this.stateName === 'offered')) {
          this.stateName = 'proceeding';
        }
        break;
      case 'callAlerting':
        this.stateName = 'alerting';
        break;
      case 'callConnected':
        this.stateName = 'up';
        break;
      case 'callHangup':
        this.stateName = 'terminating';
        this.hangupCause = event.cause;
        this.hangupRemote = event.remote;
        break;
      case 'callReleased':
        this.stateName = 'released';
        if (this.hangupCause === undefined) this.hangupCause = event.cause;
        break;
      default:
        break;
    }
    this.subject.next(event);
    if (event.type === 'callReleased') {
      this.subject.complete();
      this.settleReleased(this.hangupCause ?? event.cause);
    }
  }

  /** @internal local state for commands that change it */
  markLocal(state: CallState): void {
    this.stateName = state;
  }

  /** @internal the card closed */
  shutdown(): void {
    if (this.stateName === 'released') return;
    this.stateName = 'released';
    this.subject.complete();
    this.settleReleased(Cause.NETWORK_OUT_OF_ORDER);
  }

  private async control(op: number, arg: number): Promise<void> {
    const id = this.core.nextId();
    await this.core.issue(id, (req) => this.core.native.callControl(req, this.span, op, this.id, arg));
    // Only forward: an answer or a hangup handled in the same batch may already have moved the call on.
    if (op === 1 && this.stateName === 'offered') this.stateName = 'proceeding';
    if (op === 2 && (this.stateName === 'offered' || this.stateName === 'proceeding')) this.stateName = 'ringing';
  }
}
