/**
 * Agents' phones: B-channels of the card's station spans (see phoneSchema for the addressing).
 * The bank is the network side: ringing a phone is a SETUP to the agent's extension on the
 * phone's own B-channel; the phone answers (CONNECT) or refuses (busy). Every call to a phone is
 * a PhoneLeg, released when either side hangs up.
 */
import type { Call, Card, Channel } from '../../../bindings/index.js';
import { Cause, isTellerlineError } from '../../../bindings/index.js';
import type { TelephonyService } from '../../telephony/telephony-service.js';
import type { SimPhones } from '../../telephony/simnet/sim-phones.js';
import type { AgentPhone } from '../store/schemas.js';
import { LiveAcdError } from './errors.js';

export function phoneKey(phone: AgentPhone): string {
  return `${phone.station}/${phone.timeslot}`;
}

/** One call from the bank to a phone. */
export class PhoneLeg {
  /** True once the phone answered; false if the call ended before. */
  readonly answered: Promise<boolean>;
  /** The Q.850 cause once released. */
  readonly released: Promise<number>;

  constructor(
    private readonly card: Card,
    readonly call: Call,
    readonly phone: AgentPhone,
  ) {
    this.answered = call.connected().then(
      () => true,
      () => false,
    );
    this.released = call.released;
  }

  get channel(): Channel {
    return this.card.span(this.call.span).channel(this.call.channel);
  }

  get up(): boolean {
    return this.call.state === 'up';
  }

  get ended(): boolean {
    return this.call.state === 'released' || this.call.state === 'terminating';
  }

  /** Idempotent; resolves once the hang-up is sent. */
  async hangUp(cause: number = Cause.NORMAL_CLEARING): Promise<void> {
    if (this.ended) return;
    await this.call.hangUp(cause).catch(() => undefined);
  }
}

export class StationLines {
  constructor(private readonly telephonyService: TelephonyService | undefined) {}

  private get telephony(): TelephonyService {
    if (!this.telephonyService) throw new LiveAcdError('acd_no_telephony', 'this server has no card');
    return this.telephonyService;
  }

  /**
   * Rings the phone; resolves once the SETUP is sent (see PhoneLeg.answered). A B-channel still
   * being released from the phone's previous call (the agent just hung up) is waited for, up to
   * a second or two of engine time.
   */
  async ring(phone: AgentPhone, extension: string, calling: string): Promise<PhoneLeg> {
    const span = this.telephony.stations[phone.station];
    if (!span) throw new LiveAcdError('acd_no_phone', `no station span ${phone.station} on this card`);
    for (let attempt = 0; ; attempt++) {
      if (!span.dchannelUp) throw new LiveAcdError('acd_no_phone', `station span ${phone.station} is down`);
      try {
        const call = await span.dial({ called: extension, calling, channel: phone.timeslot });
        return new PhoneLeg(this.telephony.card, call, phone);
      } catch (err) {
        const busy = isTellerlineError(err, 'ERR_CHANNEL_BUSY') || isTellerlineError(err, 'ERR_NO_CIRCUIT');
        if (!busy) throw err;
        if (attempt >= 20) throw new LiveAcdError('acd_dial_failed', `phone ${phoneKey(phone)} is in use`);
        await this.telephony.card.clock.sleep(100);
      }
    }
  }

  /** The bank-side span index of a station (for line views). */
  spanOf(phone: AgentPhone): number | undefined {
    return this.telephony.roles.stationSpans[phone.station];
  }
}

/** Lifting a phone's handset from the desk: only where the server controls the phones. */
export interface PhoneControl {
  answer(phone: AgentPhone): Promise<void>;
}

/** The virtual card's simulated phones. */
export function simPhoneControl(phones: SimPhones): PhoneControl {
  return {
    async answer(phone) {
      await phones.phone(phone.station, phone.timeslot).answer();
    },
  };
}
