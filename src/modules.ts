/**
 * The layers `tellerline start` plugs into the server, in order: the data
 * gateway (and its simulator), then telephony (the card and its calls), then
 * the applications that answer calls.
 */
import type { AppServices } from './services.js';
import { gatewayModule } from './gateway/module.js';
import { telephonyModule, type TelephonyModuleOptions } from './telephony/module.js';
import { faxModule } from './fax/module.js';
import { ivrModule, type IvrModuleOptions } from './ivr/module.js';
import { acdModule, type AcdModuleOptions } from './acd/module.js';
import { outboundModule } from './outbound/module.js';
import { classifyAnswer } from './telephony/answer-detection.js';

export type ServerModule = (services: AppServices) => Promise<void> | void;

export function productModules(options: { telephony?: TelephonyModuleOptions; ivr?: IvrModuleOptions; acd?: AcdModuleOptions } = {}): ServerModule[] {
  return [
    gatewayModule(),
    telephonyModule(options.telephony),
    // After telephony: registers the 'fax-receive' dial plan target and services.faxes.
    faxModule(),
    // After telephony: registers the 'queue' dial plan target and services.queues.
    acdModule(options.acd),
    // After telephony and fax: registers the 'ivr' dial plan target and uses services.faxes.
    ivrModule(options.ivr),
    // Campaigns and their dialler (with a card); answered calls are told apart by the engine's
    // answering-machine detection.
    outboundModule({ classifyAnswer }),
  ];
}
