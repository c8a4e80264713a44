/**
 * The layers `tellerline start` plugs into the server, in order: the data
 * gateway (and its simulator), then telephony (the card and its calls), then
 * the applications that answer calls.
 */
import type { AppServices } from './services.js';
import { gatewayModule } from './gateway/gateway-module.js';
import { telephonyModule, type TelephonyModuleOptions } from './telephony/module.js';
// --- IVR ---
import { ivrModule, type IvrModuleOptions } from './ivr/module.js';
// --- end IVR ---

export type ServerModule = (services: AppServices) => Promise<void> | void;

export function productModules(options: { telephony?: TelephonyModuleOptions; ivr?: IvrModuleOptions } = {}): ServerModule[] {
  return [
    gatewayModule(),
    telephonyModule(options.telephony),
    // --- IVR: after telephony (it registers the 'ivr' dial plan target) ---
    ivrModule(options.ivr),
    // --- end IVR ---
  ];
}
