/**
 * Simulated agent phones: the far end of each virtual station span. Each
 * phone is one B-channel; it rings when the bank (acting as PBX) calls its
 * extension, and answers by itself after a delay, or waits to be told (tests,
 * the agent desk in a demo, `tellerline sim phone`).
 */
import { Subject, Subscription, type Observable } from 'rxjs';
import { isTellerlineError, type Call, type Card, type Channel, type Span } from '../../../bindings/index.js';

export type PhoneMode = { kind: 'auto-answer'; afterMs: number } | { kind: 'manual' } | { kind: 'unplugged' };

export interface PhoneEvent {
  phone: string;  // "<station span index>/<timeslot>"
  event: 'ringing' | 'answered' | 'hung-up' | 'idle';
  at: number;
  calling?: string;
}

export class SimPhone {
  mode: PhoneMode = { kind: 'auto-answer', afterMs: 1000 };
  call: Call | undefined;

  constructor(
    private readonly card: Card,
    readonly span: Span,
    readonly timeslot: number,
    readonly key: string,
    private readonly events: Subject<PhoneEvent>,
  ) {}

  get channel(): Channel {
    return this.span.channel(this.timeslot);
  }

  get ringing(): boolean {
    return this.call?.state === 'offered' || this.call?.state === 'proceeding' || this.call?.state === 'ringing';
  }

  /** @internal */
  async ring(call: Call): Promise<void> {
    // A call already released is over even if its release has not reached our bookkeeping yet
    // (a new SETUP on this B-channel proves it): only a live call makes the phone busy.
    if (this.mode.kind === 'unplugged' || (this.call && this.call.state !== 'released')) {
      await call.reject(17).catch(() => undefined);
      return;
    }
    this.call = call;
    this.emit('ringing', call.calling);
    await call.alerting().catch(() => undefined);
    void call.released.then(() => {
      if (this.call === call) this.call = undefined;
      this.emit('idle');
    });
    if (this.mode.kind === 'auto-answer') {
      await this.card.clock.sleep(this.mode.afterMs).catch(() => undefined);
      // The caller may give up while the answer is on its way: the engine then refuses it (the call
      // is already terminating) and the phone just stops ringing. Nothing else may fail unseen.
      if (this.call === call && this.ringing) {
        await this.answer().catch((err: unknown) => {
          if (!isTellerlineError(err) || err.code !== 'ERR_ILLEGAL_STATE') throw err;
        });
      }
    }
  }

  async answer(): Promise<void> {
    if (!this.call || !this.ringing) throw new Error(`phone ${this.key} is not ringing`);
    await this.call.answer();
    this.emit('answered');
  }

  async hangUp(): Promise<void> {
    if (!this.call) return;
    const call = this.call;
    await call.hangUp().catch(() => undefined);
    this.emit('hung-up');
    await call.released;
  }

  private emit(event: PhoneEvent['event'], calling?: string): void {
    this.events.next({ phone: this.key, event, at: this.card.clock.now(), ...(calling ? { calling } : {}) });
  }
}

export class SimPhones {
  readonly events$: Observable<PhoneEvent>;
  private readonly phones = new Map<string, SimPhone>();
  private readonly subject = new Subject<PhoneEvent>();
  private readonly subs = new Subscription();

  /** stationIndex i of `spans` is the far end of the bank's i-th station span. */
  constructor(card: Card, spans: Span[]) {
    this.events$ = this.subject.asObservable();
    spans.forEach((span, i) => {
      for (const ch of span.channels) {
        const key = `${i}/${ch.number}`;
        this.phones.set(key, new SimPhone(card, span, ch.number, key, this.subject));
      }
      this.subs.add(span.calls$.subscribe((call) => {
        const phone = this.phones.get(`${i}/${call.channel}`);
        if (phone) void phone.ring(call);
        else void call.reject(1);
      }));
    });
  }

  /** The phone on station span `station`, B-channel `timeslot`. */
  phone(station: number, timeslot: number): SimPhone {
    const p = this.phones.get(`${station}/${timeslot}`);
    if (!p) throw new RangeError(`no simulated phone ${station}/${timeslot}`);
    return p;
  }

  all(): SimPhone[] {
    return [...this.phones.values()];
  }

  close(): void {
    this.subs.unsubscribe();
    this.subject.complete();
  }
}
