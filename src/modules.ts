/**
 * The layers `tellerline start` plugs into the server, in order: the data
 * gateway (and its simulator), then telephony (the card and its calls), then
 * the applications that answer calls.
 */
import type { AppServices } from './services.js';
import { gatewayModule } from './gateway/gateway-module.js';
import { telephonyModule, type TelephonyModuleOptions } from './telephony/module.js';
// ACD (h/acdint): queues and agents on live calls, after telephony
import { acdModule, type AcdModuleOptions } from './acd/module.js';

export type ServerModule = (services: AppServices) => Promise<void> | void;

export function productModules(options: { telephony?: TelephonyModuleOptions; acd?: AcdModuleOptions } = {}): ServerModule[] {
  return [
    gatewayModule(),
    telephonyModule(options.telephony),
    // ACD (h/acdint)
    acdModule(options.acd),
  ];
}
