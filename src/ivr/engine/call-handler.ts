/**
 * The 'ivr' dial plan target: loads the flow the entry names (active version) and the tenant's
 * settings, then runs the call through it. Gateway requests made during the call name it in
 * the transaction log (gatewayContext). While the database is away, the flow and settings
 * last loaded for the tenant answer (calls are journalled meanwhile, see records/). If even the
 * flow cannot be loaded, the caller hears "service temporarily unavailable" and goodbye --
 * never silence.
 */
import type { WorkCalendar } from '../../calendar/work-calendar.js';
import { gatewayContext } from '../../gateway/module.js';
import type { AppServices } from '../../services.js';
import type { CallHandler } from '../../telephony/handlers.js';
import { watchForFaxTone } from '../../telephony/fax-tone.js';
import type { PinLocker } from './ivr-session.js';
import type { FlowRegistry } from './flow-registry.js';
import { callFlowRunner, engineClockHold, flowCalendar } from './call-flow-runner.js';
import type { IvrSettings } from './ivr-settings.js';
import type { IvrSettingsService } from './settings-service.js';

export interface IvrCallHandlerDeps {
  services: AppServices;
  flows: FlowRegistry;
  settings: IvrSettingsService;
  pinLocks: PinLocker;
  /** The working-day calendar of a tenant (default: the tenant's calendar with its IVR settings' days, see open-hours-calendar.ts). */
  calendarFor?: (tenantId: string, settings: IvrSettings) => WorkCalendar;
}

export function ivrCallHandler(deps: IvrCallHandlerDeps): CallHandler {
  const { services } = deps;
  return async (ctx) => {
    const { session, tenantId, legId } = ctx;
    const hold = engineClockHold(services);
    const logger = ctx.logger.child({ app: 'ivr', legId });
    const flowName = ctx.entry.target.kind === 'ivr' ? ctx.entry.target.flow : 'main';
    try {
      const release = hold();
      let loaded: Awaited<ReturnType<FlowRegistry['load']>>;
      let settings: IvrSettings;
      let calendar: WorkCalendar;
      try {
        [loaded, settings] = await Promise.all([deps.flows.load(tenantId, flowName), deps.settings.get(tenantId)]);
        calendar = await flowCalendar(services, deps.calendarFor, tenantId, settings);
      } finally {
        release();
      }
      if (!loaded) throw new Error(`no ivr flow "${flowName}" for this tenant`);
      const dialLang = session.lang;
      if (!settings.languages.offered.includes(session.lang)) session.lang = settings.languages.default;
      const runner = callFlowRunner(services, deps.pinLocks, { ctx, flow: loaded.flow, flowName, flowVersion: loaded.version, dialLang, settings, calendar, logger });
      // A fax machine calling the voice number sends CNG: hand the call to fax reception.
      // A person keys digits, a fax machine never does: the first key ends the watch (the
      // caller's own fax machine, started later for a statement, must not be taken for one).
      const faxWatch = services.faxes ? watchForFaxTone(session) : undefined;
      void faxWatch?.detected.then((heard) => {
        if (heard) session.preempt('fax tone');
      });
      const keyed = faxWatch ? session.keys$.subscribe(() => {
        faxWatch.stop();
        keyed?.unsubscribe();
      }) : undefined;
      const summary = await gatewayContext.run({ tenantId, legId }, () => runner.run());
      logger.debug({ flow: flowName, version: loaded.version, nodes: summary.path.length, errors: summary.errors, endedBy: summary.endedBy }, 'ivr call done');
      if (faxWatch?.heard && services.faxes) {
        session.resume();
        if (!session.ended) await services.faxes.receiveFromCaller(ctx, 'cng');
      } else {
        faxWatch?.stop();
      }
      keyed?.unsubscribe();
    } catch (err) {
      logger.error({ err: { message: (err as Error).message, name: (err as Error).name }, flow: flowName }, 'ivr call could not run');
      if (!session.ended) {
        await session.answer().catch(() => undefined);
        const apology = ['service.unavailable', 'goodbye'].flatMap((id) => {
          try {
            return [ctx.prompts.prompt(id, session.lang)];
          } catch {
            return [];
          }
        });
        await session.play(apology).catch(() => undefined);
      }
    }
  };
}
