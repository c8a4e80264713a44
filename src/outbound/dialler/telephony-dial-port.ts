/**
 * The DialPort over the telephony service: outbound calls through its trunks (with their call
 * records), the free channels of the trunks that are up, the engine clock and the prompts.
 */
import type { TelephonyService } from '../../telephony/telephony-service.js';
import type { DialPort } from './dial-port.js';

export function telephonyDialPort(telephony: TelephonyService): DialPort {
  return {
    dial: (request) => telephony.dial({ number: request.number, calling: request.calling, tenantId: request.tenantId }),
    legOf: (session) => telephony.activeCalls().find((a) => a.session === session)?.legId,
    freeTrunkChannels: () => telephony.trunks.filter((s) => s.dchannelUp).reduce((n, s) => n + Math.max(0, s.channels.length - s.activeCalls().length), 0),
    get clock() {
      return telephony.card.clock;
    },
    prompts: telephony.prompts,
    hold: () => telephony.card.hold(),
  };
}
