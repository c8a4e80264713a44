/**
 * Plugs the banking IVR into the server (createServer's `modules`, after telephony):
 *
 *   services.ivr        flows (active version per name), settings, PIN locks, voicemail
 *   services.voicemail  the VoicemailPort (src/telephony/ports.ts), for the ACD and the IVR
 *   services.callFlows  flows on outbound campaigns' answered calls (engine/outbound-flows.ts)
 *   telephony           the 'ivr' dial plan target: runs the entry's flow
 *   routes              /ivr/flows, /ivr/flow-versions, /ivr/settings, /ivr/pin-locks, /voicemail
 *
 * The PIN-lock hashing key lives at <data.dir>/secrets/ivr-subject.key (created on first
 * start); nodes of a multi-node platform sharing one database must share that file.
 */
import { join } from 'node:path';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { loadSubjectKey, PinLockService } from './banking/pin-lock-service.js';
import { keysDir } from '../config/paths.js';
import type { AppServices } from '../services.js';
import { ivrCallHandler } from './engine/call-handler.js';
import { FlowRegistry } from './engine/flow-registry.js';
import type { IvrSettings } from './engine/ivr-settings.js';
import { IvrSettingsService } from './engine/settings-service.js';
import { outboundFlows } from './engine/outbound-flows.js';
import { addIvrRoutes } from './routes/index.js';
import { VoicemailService } from './voicemail/voicemail-service.js';

export interface IvrModuleOptions {
  /** The working-day calendar of a tenant (default: the calendar in its IVR settings). */
  calendarFor?: (tenantId: string, settings: IvrSettings) => WorkCalendar;
}

export interface IvrServices {
  flows: FlowRegistry;
  settings: IvrSettingsService;
  pinLocks: PinLockService;
  voicemail: VoicemailService;
}

declare module '../services.js' {
  interface AppServices {
    /** The banking IVR (set by the IVR module). */
    ivr?: IvrServices;
  }
}

export function ivrModule(options: IvrModuleOptions = {}) {
  return (services: AppServices): void => {
    const { config, store } = services;
    const logger = services.logger.child({ module: 'ivr' });
    const hold = () => services.telephony?.card.hold() ?? (() => undefined);
    const flows = new FlowRegistry(store.knex, logger);
    const settings = new IvrSettingsService(store.knex, logger);
    const pinLocks = new PinLockService(store.knex, loadSubjectKey(join(keysDir(config), 'ivr-subject.key')), logger);
    // The locked cards are read at start, so a database outage keeps them locked (pin-lock-outage.ts).
    services.lifecycle.register({ name: 'ivr-pin-locks', start: () => pinLocks.start(), stop: () => pinLocks.stop(), phase: 'flush' });
    const voicemail = new VoicemailService({
      knex: store.knex,
      dir: join(config.data.dir, 'voicemail'),
      settingsFor: (tenantId) => settings.get(tenantId),
      hold,
      wallTime: () => services.telephony?.card.clock.wallTime() ?? new Date(),
      keepRow: (op) => services.records.activity.submit(op),
      logger,
    });
    services.ivr = { flows, settings, pinLocks, voicemail };
    services.voicemail = voicemail;
    // Outbound campaigns run a flow on their answered calls through this port.
    services.callFlows = outboundFlows({ services, flows, settings, pinLocks, ...(options.calendarFor ? { calendarFor: options.calendarFor } : {}) });
    addIvrRoutes(services.routes);
    if (services.telephony) {
      services.telephony.registerHandler(
        'ivr',
        ivrCallHandler({ services, flows, settings, pinLocks, ...(options.calendarFor ? { calendarFor: options.calendarFor } : {}) }),
      );
    } else {
      logger.info('no telephony: the IVR serves its HTTP API only');
    }
  };
}
