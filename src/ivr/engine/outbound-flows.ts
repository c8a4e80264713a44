/**
 * services.callFlows: the IVR's side of outbound campaigns. A campaign names a flow of the
 * tenant; when its call is answered by a person the dialler runs that flow on the call, with
 * the number's imported variables as `$row.<name>` (text as imported) and, for values that are
 * amounts in yuan ("1234.5"), `$rowFen.<name>` in fen for the amount reading. Whatever the
 * callee keys into a variable named `survey_<question>` comes back as the survey answer to
 * <question>; nothing else the flow holds leaves it (secrets never do).
 */
import type { Knex } from 'knex';
import type { WorkCalendar } from '../../calendar/work-calendar.js';
import { gatewayContext } from '../../gateway/module.js';
import type { AppServices } from '../../services.js';
import type { CallFlowPort, OutboundFlowResult } from '../../telephony/outbound-call-ports.js';
import { shippedFlow } from '../flows/default-flows.js';
import { flowsRepo } from '../store/flows-repo.js';
import type { FlowRegistry } from './flow-registry.js';
import { callFlowRunner, engineClockHold, flowCalendar } from './call-flow-runner.js';
import type { PinLocker } from './ivr-session.js';
import type { IvrSettings } from './ivr-settings.js';
import type { IvrSettingsService } from './settings-service.js';

const SURVEY_PREFIX = 'survey_';
const YUAN = /^-?\d{1,13}(\.\d{1,2})?$/;

export interface OutboundFlowsDeps {
  services: AppServices;
  flows: FlowRegistry;
  settings: IvrSettingsService;
  pinLocks: PinLocker;
  calendarFor?: (tenantId: string, settings: IvrSettings) => WorkCalendar;
}

/** Amount columns as fen, for `{ "say": "amount", "from": "$rowFen.amount" }`. */
function fenOf(variables: Readonly<Record<string, string>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(variables)) {
    const text = value.replace(/[,，\s]/g, '');
    if (YUAN.test(text)) out[name] = Math.round(Number(text) * 100);
  }
  return out;
}

export function outboundFlows(deps: OutboundFlowsDeps): CallFlowPort {
  const { services } = deps;
  return {
    async resolve(tenantId: string, flowId: string, db?: Knex): Promise<string | undefined> {
      const knex = db ?? services.store.knex;
      const byId = await flowsRepo.get(knex, tenantId, flowId).catch(() => undefined);
      if (byId) return byId.name;
      if (await flowsRepo.getByName(knex, tenantId, flowId)) return flowId;
      return shippedFlow(flowId) ? flowId : undefined;
    },

    async runOutbound(ctx, flowName, variables): Promise<OutboundFlowResult> {
      const { session, tenantId, legId } = ctx;
      const release = engineClockHold(services)();
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
      if (!settings.languages.offered.includes(session.lang)) session.lang = settings.languages.default;
      const logger = ctx.logger.child({ app: 'ivr', legId, outbound: true });
      const runner = callFlowRunner(services, deps.pinLocks, { ctx, flow: loaded.flow, flowName, flowVersion: loaded.version, dialLang: session.lang, settings, calendar, logger });
      runner.vars.set('row', { ...variables });
      runner.vars.set('rowFen', fenOf(variables));
      const summary = await gatewayContext.run({ tenantId, legId }, () => runner.run());
      const answers: Record<string, string> = {};
      for (const [name, value] of runner.vars) {
        if (name.startsWith(SURVEY_PREFIX) && (typeof value === 'string' || typeof value === 'number')) answers[name.slice(SURVEY_PREFIX.length)] = String(value);
      }
      return { answers, endedBy: summary.endedBy };
    },
  };
}
