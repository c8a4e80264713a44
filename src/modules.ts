/**
 * The layers `tellerline start` plugs into the server, in order: the data
 * gateway (and its simulator), then telephony (the card and its calls), then
 * the applications that answer calls.
 */
import type { AppServices } from './services.js';
import { gatewayModule } from './gateway/module.js';
import { telephonyModule, type TelephonyModuleOptions } from './telephony/module.js';
// --- fax (issue 7) ---
import { faxModule } from './fax/module.js';
// --- end fax ---
// --- IVR ---
import { ivrModule, type IvrModuleOptions } from './ivr/module.js';
// --- end IVR ---
// --- ACD: queues and agents on live calls ---
import { acdModule, type AcdModuleOptions } from './acd/module.js';
// --- end ACD ---

export type ServerModule = (services: AppServices) => Promise<void> | void;

export function productModules(options: { telephony?: TelephonyModuleOptions; ivr?: IvrModuleOptions; acd?: AcdModuleOptions } = {}): ServerModule[] {
  return [
    gatewayModule(),
    telephonyModule(options.telephony),
    // --- fax (issue 7): after telephony (it registers the 'fax-receive' target and services.faxes) ---
    faxModule(),
    // --- end fax ---
    // --- ACD: after telephony (it registers the 'queue' dial plan target and services.queues) ---
    acdModule(options.acd),
    // --- end ACD ---
    // --- IVR: after telephony and fax (it registers the 'ivr' dial plan target and uses services.faxes) ---
    ivrModule(options.ivr),
    // --- end IVR ---
  ];
}
